namespace IessBot.Tests.Dialogs.Samples;

public sealed class MenuState
{
    public string? Option { get; set; }
    public string? Description { get; set; }
}
