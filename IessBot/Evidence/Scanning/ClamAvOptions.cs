namespace IessBot.Evidence.Scanning;

/// <summary>The <c>Evidence:ClamAV</c> settings: where clamd listens (TCP). Scanning is off when <see cref="Host"/> is empty.</summary>
public sealed class ClamAvOptions
{
    public const string SectionName = "Evidence:ClamAV";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 3310;

    /// <summary>clamd's <c>StreamMaxLength</c> (its default: 25 MB); must cover the largest evidence file.</summary>
    public long MaxStreamBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>INSTREAM chunk size.</summary>
    public int ChunkBytes { get; set; } = 64 * 1024;

    /// <summary>For connecting, and for the verdict once the file is sent.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host);
}
