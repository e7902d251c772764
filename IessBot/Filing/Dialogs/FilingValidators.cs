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
    /// <summary>The address in one answer: shorter than this cannot hold a street and a number.</summary>
    public const int MinAddressLength = 8;

    /// <summary>A bound that fits any real address and keeps abuse out.</summary>
    public const int MaxAddressLength = 300;

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
        Decide(prompt, Clean(prompt.Recognized.Value) switch
        {
            { Length: < MinAddressLength } => FilingTexts.StreetTooShort,
            { Length: > MaxAddressLength } => FilingTexts.TextTooLong(MaxAddressLength),
            _ => null,
        });

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
