using IessBot.Cases;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;
using IessBot.Turns;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// The validators of the free-text prompts. Each refuses with a message that says what to fix; on the last
/// allowed attempt it says nothing, because the step that gives up explains (<see cref="MenuTexts.TooManyAttempts"/>).
/// </summary>
public static class FilingValidators
{
    /// <summary>Street, house number and reference: a bound that fits any real address and keeps abuse out.</summary>
    public const int MaxAddressPartLength = 300;

    /// <summary>The IESS unit or office; a name, not a second description.</summary>
    public const int MaxPlaceLength = 300;

    public static Task<bool> CedulaAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, CedulaValidator.Check(prompt.Recognized.Value) is { IsValid: false } check ? FilingTexts.CedulaInvalid(check) : null);

    public static Task<bool> PhoneAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, PhoneValidator.Check(prompt.Recognized.Value).Failure is { } failure ? FilingTexts.PhoneInvalid(failure) : null);

    public static Task<bool> EmailAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, EmailValidator.Check(prompt.Recognized.Value).Failure is { } failure ? FilingTexts.EmailInvalid(failure) : null);

    public static Task<bool> DescriptionAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, DescriptionRule.Check(prompt.Recognized.Value) is { IsValid: false } check ? FilingTexts.DescriptionInvalid(check) : null);

    public static Task<bool> StreetAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, AddressPartFailure(prompt.Recognized.Value, FilingTexts.StreetEmpty));

    public static Task<bool> HouseNumberAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, AddressPartFailure(prompt.Recognized.Value, FilingTexts.HouseNumberEmpty));

    public static Task<bool> ReferenceAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, AddressPartFailure(prompt.Recognized.Value, FilingTexts.ReferenceEmpty));

    public static Task<bool> PlaceAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, Clean(prompt.Recognized.Value) switch
        {
            { Length: 0 } => FilingTexts.PlaceEmpty,
            { Length: > MaxPlaceLength } => FilingTexts.TextTooLong(MaxPlaceLength),
            _ => null,
        });

    public static Task<bool> CaseNumberAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Decide(prompt, CaseNumber.TryParse(prompt.Recognized.Value, out _) ? null : LookupTexts.CaseNumberMalformed);

    /// <summary>Trims and joins runs of whitespace, so padding neither passes an "empty" check nor counts toward a limit.</summary>
    public static string Clean(string? text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? AddressPartFailure(string? text, string emptyMessage) => Clean(text) switch
    {
        { Length: 0 } => emptyMessage,
        { Length: > MaxAddressPartLength } => FilingTexts.TextTooLong(MaxAddressPartLength),
        _ => null,
    };

    private static Task<bool> Decide<T>(PromptValidatorContext<T> prompt, string? failureMessage)
    {
        if (!prompt.Recognized.Succeeded)
        {
            return Task.FromResult(false);
        }
        if (failureMessage is null)
        {
            return Task.FromResult(true);
        }
        if (!prompt.IsLastAttempt)
        {
            prompt.Context.SendText(failureMessage);
        }
        return Task.FromResult(false);
    }
}
