namespace IessBot.Filing.Dialogs;

/// <summary>
/// The ids of the prompts of the IESS conversations. Unique across all of them, because *ayuda* finds the
/// help for the step the citizen is on by the id of the prompt that is waiting (<see cref="Texts.HelpTexts"/>).
/// </summary>
public static class PromptIds
{
    public const string Menu = "menuPrompt";
    public const string Category = "categoryPrompt";
    public const string Consent = "consentPrompt";
    public const string Cedula = "cedulaPrompt";
    public const string PhoneOffer = "phoneOfferPrompt";
    public const string Phone = "phonePrompt";
    public const string Email = "emailPrompt";
    public const string Province = "provincePrompt";
    public const string ProvinceChoice = "provinceChoicePrompt";
    public const string Canton = "cantonPrompt";
    public const string CantonChoice = "cantonChoicePrompt";
    public const string Street = "streetPrompt";
    public const string Description = "descriptionPrompt";
    public const string Place = "placePrompt";
    public const string Evidence = "evidencePrompt";
    public const string Summary = "summaryPrompt";
    public const string Correction = "correctionPrompt";
    public const string CaseNumber = "caseNumberPrompt";
    public const string LookupCedula = "lookupCedulaPrompt";
    public const string AnswerOffer = "answerOfferPrompt";
    public const string AnswerText = "answerTextPrompt";
    public const string AnswerConfirm = "answerConfirmPrompt";
}
