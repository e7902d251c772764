using IessBot.BotFramework;
using IessBot.Cases;
using IessBot.DirectLine;
using IessBot.Evidence;
using IessBot.Filing;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Turns;
using IessBot.WhatsApp;

if (StaffCommands.IsCommand(args))
{
    return await StaffCommands.RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);
}

Program.Build(args).Run();
return 0;

public partial class Program
{
    /// <summary>The composition root: configuration, services, endpoints. Tests and benchmarks build the same app.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services
            .AddStorage(builder.Configuration)
            .AddTurns()
            .AddCases(builder.Configuration)
            .AddEvidence(builder.Configuration)
            .AddFiling(builder.Configuration)
            .AddNotifications(builder.Configuration)
            .AddBotFramework(builder.Configuration)
            .AddWhatsApp(builder.Configuration)
            .AddDirectLine(builder.Configuration)
            .AddStaff(builder.Configuration);

        // Tests and benchmarks adjust the same composition (a clock, a test bot); production passes nothing.
        configure?.Invoke(builder);

        var app = builder.Build();

        app.MapHealth();
        app.MapBotFramework();
        app.MapWhatsApp();
        app.MapDirectLine();
        app.MapStaff();

        return app;
    }
}
