using System.Text;
using IessBot.Cases;

namespace IessBot.Staff;

/// <summary>
/// <c>dotnet run --project IessBot -- staff add-user NAME --role ROLE [--role ROLE2] [--display-name "…"]</c> and
/// <c>… staff check-audit</c>. They build the same composition as the web app (<see cref="Program.Build"/>) and use its
/// services without starting Kestrel. Settings come as usual (appsettings, environment, <c>--Key=Value</c> arguments).
/// Exit codes: 0 done / chain intact, 1 refused / chain broken, 2 wrong usage.
/// </summary>
public static class StaffCommands
{
    public const string CommandName = "staff";
    private const string CommandActor = "consola:add-user";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == CommandName;

    /// <param name="input">The password's source: the first line when redirected; a terminal is read without echo.</param>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var parsed = CommandLine.Parse(args.Skip(1));
        if (parsed.Problem is { } problem)
        {
            await error.WriteLineAsync(problem + Environment.NewLine + Usage);
            return 2;
        }
        await using var app = Program.Build([.. parsed.HostArgs], builder =>
        {
            // Output is for the operator: logs go to standard error, warnings and up (e.g. the development key).
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        var services = app.Services;
        return parsed.Verb switch
        {
            "add-user" => await AddUserAsync(parsed, services, input, output, error, cancellationToken),
            _ => await CheckAuditAsync(services, output, cancellationToken),
        };
    }

    public const string Usage = """
        Uso:
          dotnet run --project IessBot -- staff add-user NOMBRE --role ROL [--role ROL2] [--display-name "Nombre visible"]
              (la contraseña se lee de la entrada estándar: sin eco en una terminal; desde una tubería, la primera línea)
          dotnet run --project IessBot -- staff check-audit
        Roles: quejas-salud, quejas-administrativo, denuncias, supervisor, auditor
        """;

    private static async Task<int> AddUserAsync(CommandLine command, IServiceProvider services, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var userName = StaffAccounts.NormalizeUserName(command.UserName!);
        var password = ReadPassword(input, error);
        if (password is null)
        {
            await error.WriteLineAsync("No se recibió la contraseña (o las dos no coinciden). No se guardó nada.");
            return 1;
        }
        if (StaffAccounts.PasswordProblem(password, userName) is { } weak)
        {
            await error.WriteLineAsync(weak + " No se guardó nada.");
            return 1;
        }

        var accounts = services.GetRequiredService<IStaffAccountStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var existing = await accounts.FindAsync(userName, cancellationToken);
        var account = new StaffAccount(userName, command.DisplayName ?? userName, command.Roles, "", 0, null, existing?.CreatedAt ?? time.GetUtcNow());
        account = account with { PasswordHash = LocalSignIn.HashPassword(account, password) };
        await accounts.SaveAsync(account, cancellationToken);
        await services.GetRequiredService<IAuditTrail>().AppendAsync(
            new AuditRecord(time.GetUtcNow(), CommandActor, AuditActions.AccountSaved, null, $"{userName}: {string.Join(", ", command.Roles)}"),
            cancellationToken);
        await output.WriteLineAsync($"Cuenta «{userName}» {(existing is null ? "creada" : "reemplazada")} con los roles: {string.Join(", ", command.Roles)}.");
        return 0;
    }

    private static async Task<int> CheckAuditAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var check = await services.GetRequiredService<IAuditTrail>().VerifyAsync(cancellationToken);
        await output.WriteLineAsync(check.Intact
            ? $"Registro de auditoría intacto (intact). Entradas revisadas: {check.EntriesChecked}."
            : $"Registro de auditoría ALTERADO: la cadena se rompe en la secuencia {check.FirstBrokenSequence} (broken at {check.FirstBrokenSequence}). Entradas revisadas: {check.EntriesChecked}.");
        return check.Intact ? 0 : 1;
    }

    private static string? ReadPassword(TextReader input, TextWriter prompt)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return input.ReadLine()?.TrimEnd('\r') is { Length: > 0 } line ? line : null;
        }
        var first = ReadHidden(prompt, "Contraseña (mínimo 12 caracteres): ");
        var second = ReadHidden(prompt, "Repita la contraseña: ");
        return first.Length > 0 && first == second ? first : null;
    }

    private static string ReadHidden(TextWriter prompt, string label)
    {
        prompt.Write(label);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        prompt.WriteLine();
        return text.ToString();
    }

    /// <summary>The command's own arguments, and the rest (<c>--Key=Value</c> settings) for the host.</summary>
    private sealed record CommandLine(string? Verb, string? UserName, IReadOnlyList<string> Roles, string? DisplayName, IReadOnlyList<string> HostArgs, string? Problem)
    {
        public static CommandLine Parse(IEnumerable<string> args)
        {
            string? verb = null, userName = null, displayName = null, problem = null;
            var roles = new List<string>();
            var hostArgs = new List<string>();
            using var items = args.GetEnumerator();
            while (problem is null && items.MoveNext())
            {
                var arg = items.Current;
                switch (arg)
                {
                    case "--role" or "--display-name" when !items.MoveNext() || items.Current.StartsWith("--", StringComparison.Ordinal):
                        problem = $"Falta el valor de {arg}.";
                        break;
                    case "--role":
                        roles.Add(items.Current.Trim());
                        break;
                    case "--display-name":
                        displayName = items.Current.Trim();
                        break;
                    case not null when arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('='):
                        hostArgs.Add(arg);
                        break;
                    case not null when verb is null:
                        verb = arg;
                        break;
                    case not null when verb == "add-user" && userName is null:
                        userName = arg;
                        break;
                    default:
                        problem = $"Argumento no reconocido: {arg}";
                        break;
                }
            }
            problem ??= Check(verb, userName, roles, displayName);
            return new CommandLine(verb, userName, roles.Distinct(StringComparer.Ordinal).ToList(), displayName, hostArgs, problem);
        }

        private static string? Check(string? verb, string? userName, List<string> roles, string? displayName) => verb switch
        {
            "check-audit" when userName is null && roles.Count == 0 && displayName is null => null,
            "check-audit" => "check-audit no lleva más argumentos.",
            "add-user" when userName is null || !StaffAccounts.IsValidUserName(userName) =>
                "El nombre de usuario debe tener de 2 a 64 caracteres: letras, números, '.', '_', '-' o '@'.",
            "add-user" when roles.Count == 0 => "Indique al menos un rol con --role.",
            "add-user" when roles.FirstOrDefault(r => !StaffRoles.All.Contains(r)) is { } unknown =>
                $"Rol desconocido: {unknown}. Roles: {string.Join(", ", StaffRoles.All)}.",
            "add-user" when displayName is { Length: 0 or > 100 } => "El nombre visible debe tener de 1 a 100 caracteres.",
            "add-user" => null,
            _ => "Indique add-user o check-audit.",
        };
    }
}
