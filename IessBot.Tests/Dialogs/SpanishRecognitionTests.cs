using IessBot.Dialogs.Choices;

namespace IessBot.Tests.Dialogs;

public sealed class SpanishRecognitionTests
{
    private static readonly IReadOnlyList<Choice> Menu =
        ChoiceFactory.ToChoices("Registrar queja", "Registrar denuncia", "Consultar mi caso", "Ayuda");

    [Theory]
    [InlineData("Menú", "menu")]
    [InlineData("  ¿MENÚ?  ", "menu")]
    [InlineData("Sí.", "si")]
    [InlineData("Año   de  la\tqueja", "ano de la queja")]
    [InlineData("opción 2.", "opcion 2")]
    [InlineData("...", "")]
    [InlineData(null, "")]
    public void Normalize_ignores_case_accents_and_surrounding_punctuation(string? text, string expected)
    {
        Assert.Equal(expected, SpanishText.Normalize(text));
    }

    [Theory]
    [InlineData("Registrar denuncia", 1)]
    [InlineData("registrar DENUNCIA", 1)]
    [InlineData("  Registrar denuncia!!", 1)]
    [InlineData("denuncia", 1)]
    [InlineData("denuncias", 1)]
    [InlineData("quiero registrar una denuncia", 1)]
    [InlineData("queja", 0)]
    [InlineData("2", 1)]
    [InlineData("2.", 1)]
    [InlineData("2)", 1)]
    [InlineData("#3", 2)]
    [InlineData("opción 2", 1)]
    [InlineData("Opcion 3", 2)]
    [InlineData("la segunda", 1)]
    [InlineData("tercera", 2)]
    [InlineData("la última", 3)]
    [InlineData("mi caso", 2)]
    [InlineData("consultar", 2)]
    [InlineData("¿Ayuda?", 3)]
    [InlineData("AYUDA", 3)]
    public void Choice_is_recognised_by_words_numbers_and_ordinals(string text, int expectedIndex)
    {
        var found = ChoiceRecognizer.Recognize(text, Menu);

        Assert.NotNull(found);
        Assert.Equal(expectedIndex, found.Index);
        Assert.Equal(Menu[expectedIndex].Value, found.Value);
    }

    [Theory]
    [InlineData("registrar")]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("hola")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Ambiguous_unknown_or_out_of_range_answers_are_not_recognised(string? text)
    {
        Assert.Null(ChoiceRecognizer.Recognize(text, Menu));
    }

    [Fact]
    public void Exact_answers_score_one_and_partial_answers_less_with_the_matching_phrase()
    {
        var exact = ChoiceRecognizer.Recognize("registrar denuncia", Menu)!;
        var partial = ChoiceRecognizer.Recognize("denuncia", Menu)!;
        var numbered = ChoiceRecognizer.Recognize("2", Menu)!;

        Assert.Equal((1.0, "Registrar denuncia"), (exact.Score, exact.Synonym));
        Assert.InRange(partial.Score, 0.01, 0.99);
        Assert.Equal("Registrar denuncia", partial.Synonym);
        Assert.Equal((1.0, (string?)null), (numbered.Score, numbered.Synonym));
    }

    [Fact]
    public void Synonyms_pick_their_choice_and_are_reported()
    {
        IReadOnlyList<Choice> provinces =
        [
            new("Pichincha") { Synonyms = ["Quito"] },
            new("Guayas") { Synonyms = ["Guayaquil", "Gye"] },
        ];

        var found = ChoiceRecognizer.Recognize("guayaquil", provinces);

        Assert.Equal(new FoundChoice("Guayas", 1, 1.0, "Guayaquil"), found);
    }

    [Fact]
    public void Choice_whose_value_is_a_number_is_matched_by_value_before_position()
    {
        var years = ChoiceFactory.ToChoices("2", "1");

        Assert.Equal(0, ChoiceRecognizer.Recognize("2", years)?.Index);
    }

    [Fact]
    public void Consent_choices_tell_yes_from_no()
    {
        var consent = ChoiceFactory.ToChoices("Acepto", "No acepto");

        Assert.Equal(0, ChoiceRecognizer.Recognize("acepto", consent)?.Index);
        Assert.Equal(0, ChoiceRecognizer.Recognize("sí, acepto", consent)?.Index);
        Assert.Equal(1, ChoiceRecognizer.Recognize("no", consent)?.Index);
        Assert.Equal(1, ChoiceRecognizer.Recognize("No, no acepto.", consent)?.Index);
    }

    [Theory]
    [InlineData("si", true)]
    [InlineData("sí", true)]
    [InlineData("SI", true)]
    [InlineData("Sí.", true)]
    [InlineData("claro", true)]
    [InlineData("de acuerdo", true)]
    [InlineData("acepto", true)]
    [InlineData("ok", true)]
    [InlineData("sí, de acuerdo", true)]
    [InlineData("no", false)]
    [InlineData("NO.", false)]
    [InlineData("no acepto", false)]
    [InlineData("no estoy de acuerdo", false)]
    public void Confirm_words_are_recognised(string text, bool expected)
    {
        Assert.Equal(expected, ConfirmRecognizer.Recognize(text));
    }

    [Theory]
    [InlineData("tal vez")]
    [InlineData("quizás")]
    [InlineData("claro que no")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_or_contradictory_confirm_answers_are_not_recognised(string? text)
    {
        Assert.Null(ConfirmRecognizer.Recognize(text));
    }

    [Fact]
    public void IsOneOf_matches_whole_commands_only()
    {
        Assert.True(SpanishText.IsOneOf("¡Menú!", "menu", "inicio"));
        Assert.False(SpanishText.IsOneOf("quiero ver el menú", "menu"));
        Assert.False(SpanishText.IsOneOf("", ""));
    }
}
