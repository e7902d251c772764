using System.Reflection;
using System.Text.RegularExpressions;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Texts;

public partial class TextsSanityTests
{
    // WhatsApp interactive body limit is 1024 and plain text 4096 (reference/whatsapp.md §7.1, keep a margin).
    private const int ButtonMessageLimit = 1024;
    private const int MessageLimit = 4000;

    public static TheoryData<string> TextNames() => new(TextCatalog.All().Select(entry => entry.Name));

    [Fact]
    public void The_catalog_covers_every_text_member_with_parameters()
    {
        var names = TextCatalog.All().Select(entry => entry.Name).ToHashSet();
        var missing = TextCatalog.TextClasses
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(method => method.ReturnType == typeof(string) && !method.IsSpecialName && method.Name != nameof(EvidenceTexts.FormatSize))
                .Select(method => $"{type.Name.Replace("Texts", "")}.{method.Name}"))
            .Where(prefix => !names.Any(name => name == prefix || name.StartsWith(prefix + "(", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void No_text_is_empty_too_long_or_left_with_a_placeholder()
    {
        var all = TextCatalog.All().ToList();
        Assert.True(all.Count > 80, $"only {all.Count} texts found");

        Assert.All(all, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Text), entry.Name);
            Assert.True(entry.Text.Length <= MessageLimit, $"{entry.Name} has {entry.Text.Length} characters");
            Assert.DoesNotContain("{", entry.Text);
            Assert.DoesNotContain("}", entry.Text);
            Assert.DoesNotContain("  ", entry.Text);
            Assert.Equal(entry.Text.Trim(), entry.Text);
        });
    }

    [Fact]
    public void Texts_address_the_citizen_as_usted_never_as_tu()
    {
        Assert.All(TextCatalog.All(), entry => Assert.False(TuForms().IsMatch(entry.Text), $"{entry.Name}: {TuForms().Match(entry.Text).Value}"));
    }

    [Fact]
    public void Every_suggested_action_label_fits_in_20_characters_and_is_unique_in_its_set()
    {
        Assert.All(TextCatalog.ChoiceSets(), set =>
        {
            Assert.All(set.Labels, label => Assert.True(label.Length is > 0 and <= 20, $"{set.Name}: '{label}' has {label.Length} characters"));
            Assert.Equal(set.Labels.Count, set.Labels.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        });
    }

    [Fact]
    public void Messages_sent_with_buttons_fit_a_whatsapp_button_message()
    {
        string[] buttonMessages =
        [
            MenuTexts.Greeting, MenuTexts.MenuPrompt, MenuTexts.MenuNotUnderstood,
            ConsentTexts.FirstLayer(global::IessBot.Cases.CaseType.Queja), ConsentTexts.FirstLayer(global::IessBot.Cases.CaseType.Denuncia),
            ConsentTexts.AskAgainAfterFullNotice, ConsentTexts.NotUnderstood,
            FilingTexts.CategoryPrompt(global::IessBot.Cases.CaseType.Queja), FilingTexts.CategoryPrompt(global::IessBot.Cases.CaseType.Denuncia),
            FilingTexts.PhoneConfirmWhatsApp("+593991234567"), FilingTexts.PlacePrompt,
            EvidenceTexts.Prompt(global::IessBot.Cases.CaseType.Denuncia, EvidenceTexts.DefaultDenunciaMaxBytes, 5),
            SummaryTexts.ConfirmPrompt, SummaryTexts.WhichFieldPrompt,
        ];

        Assert.All(buttonMessages, text => Assert.True(text.Length <= ButtonMessageLimit, $"{text.Length} characters: {text}"));
    }

    [Theory]
    [InlineData("pasos", false)]
    [InlineData("Escribe tu cédula", true)]
    [InlineData("¿Puedes tocar?", true)]
    [InlineData("Escriba su cédula", false)]
    public void The_tu_detector_itself_tells_the_forms_apart(string text, bool isTu)
    {
        Assert.Equal(isTu, TuForms().IsMatch(text));
    }

    [GeneratedRegex(@"\b(tu|tú|tus|te|ti|contigo|puedes|quieres|deseas|tienes|envía|escríbenos|elegiste|escribiste)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TuForms();
}
