using System.Text;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.Staff.Console;

/// <summary>One seeded case and the personal values it holds, to look for in pages where they must not appear.</summary>
public sealed record SeededCase(string Number, CaseType Type, string Category, string Cedula, string Phone, string Email, string Street, string Description, string EvidenceId)
{
    public IReadOnlyList<string> PersonalValues => [Cedula, Phone, Email, Street, Description, EvidenceFileName];

    public string EvidenceFileName => $"respaldo-{Number}.pdf";
}

/// <summary>
/// Three cases stored through the app's own stores, one per team: a queja of the health area, a queja of the
/// administrative area and a denuncia, each with its own synthetic personal data and one PDF of evidence.
/// </summary>
public sealed record SeededCases(SeededCase HealthQueja, SeededCase AdministrativeQueja, SeededCase Denuncia)
{
    public IReadOnlyList<SeededCase> All => [HealthQueja, AdministrativeQueja, Denuncia];

    /// <summary>A minimal PDF: the evidence store keeps bytes as given (the type checks happen at intake).</summary>
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    public static async Task<SeededCases> CreateAsync(TestBotHost host)
    {
        return new SeededCases(
            await CreateAsync(host, CaseType.Queja, "maltrato-personal", "0926687856", "+593987650001", "paciente.salud@example.com", "Calle Secreta Salud 101", "Me trataron muy mal en la ventanilla de farmacia del hospital, texto SALUD-CONFIDENCIAL."),
            await CreateAsync(host, CaseType.Queja, "instalaciones", "1710034065", "+593987650002", "afiliado.admin@example.com", "Calle Secreta Admin 202", "Los baños de la agencia llevan meses dañados, texto ADMIN-CONFIDENCIAL."),
            await CreateAsync(host, CaseType.Denuncia, "coimas", "0102030405", "+593987650003", "denunciante.reservado@example.com", "Calle Secreta Denuncia 303", "Un funcionario pidió dinero para adelantar un turno, texto DENUNCIA-CONFIDENCIAL."));
    }

    private static async Task<SeededCase> CreateAsync(
        TestBotHost host, CaseType type, string category, string cedula, string phone, string email, string street, string description)
    {
        var number = CaseNumber.New(type).Value;
        var stored = await host.Services.GetRequiredService<IEvidenceStore>().SaveAsync(new MemoryStream(Pdf), "application/pdf", 1_000_000, default);
        var seeded = new SeededCase(number, type, category, cedula, phone, email, street, description, stored.EvidenceId);
        var filed = new FiledCase
        {
            CaseNumber = number,
            FilingId = Guid.NewGuid().ToString("N"),
            Type = type,
            Category = category,
            Consent = new ConsentRecord("2025-01", DateTimeOffset.UtcNow.AddMinutes(-5)),
            Cedula = cedula,
            Phone = phone,
            Email = email,
            Address = new HomeAddress("17", "Pichincha", "1701", "Quito", street),
            Description = description,
            Evidence = [new EvidenceReference(stored.EvidenceId, stored.ContentType, stored.Length, stored.Sha256, seeded.EvidenceFileName)],
            ChannelId = "emulator",
            FiledAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        };
        await host.Services.GetRequiredService<ICaseStore>().CreateAsync(filed, default);
        return seeded;
    }
}
