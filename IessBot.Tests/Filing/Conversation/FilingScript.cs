using IessBot.BotFramework.Schema;
using IessBot.Cases;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>The questions of a filing, in the order they come.</summary>
public enum At
{
    Menu,
    Category,
    Consent,
    Cedula,
    Phone,
    Email,
    Province,
    Canton,
    Street,
    Description,
    Place,
    Evidence,
    Summary,
}

/// <summary>
/// The standard answers of a filing without evidence, from the first conversationUpdate to the summary; the
/// same script the end-to-end test and the benchmark replay (see the filing branch report).
/// </summary>
internal static class FilingScript
{
    public const string Address = "Av. Amazonas N34-120 y Colón, frente al parque El Ejido";
    public const string Place = "Hospital Carlos Andrade Marín";

    /// <summary>The answer that moves past each question.</summary>
    public static string AnswerTo(At question, CaseType type) => question switch
    {
        At.Menu => type == CaseType.Denuncia ? "Registrar denuncia" : "Registrar queja",
        At.Category => type == CaseType.Denuncia ? "Coimas" : "Tiempos de espera",
        At.Consent => "Acepto",
        At.Cedula => FilingHarness.Cedula,
        At.Phone => FilingHarness.Phone,
        At.Email => FilingHarness.Email,
        At.Province => "Pichincha",
        At.Canton => "Quito",
        At.Street => Address,
        At.Description => FilingHarness.Description,
        At.Place => Place,
        At.Evidence => "Omitir",
        At.Summary => "Confirmar",
        _ => throw new ArgumentOutOfRangeException(nameof(question)),
    };

    /// <summary>Opens the conversation and answers every question before <paramref name="target"/>; returns the replies that ask it.</summary>
    public static async Task<IReadOnlyList<Activity>> WalkToAsync(this FilingHarness harness, At target, CaseType type = CaseType.Queja)
    {
        var replies = await harness.JoinAsync();
        for (var question = At.Menu; question < target; question++)
        {
            replies = await harness.SayAsync(AnswerTo(question, type));
        }
        return replies;
    }

    /// <summary>The citizen opens the chat: a conversationUpdate that adds them.</summary>
    public static Task<IReadOnlyList<Activity>> JoinAsync(this FilingHarness harness) =>
        harness.SendAsync(new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = [new ChannelAccount { Id = "user1", Name = "User1" }],
        });
}
