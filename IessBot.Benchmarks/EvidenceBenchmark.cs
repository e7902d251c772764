using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Evidence.Scanning;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IessBot.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project IessBot.Benchmarks -- evidence [--files 10] [--in-flight 8] [--clamav host:port]</c>:
/// the evidence pipeline in process (type check, malware scan if asked, metadata strip or PDF check, SHA-256, encrypted
/// write to a temporary data directory) on a 20 MB PDF and a 5 MB phone-style JPEG. Reports MB/s one file at a time,
/// bytes allocated per file (buffers come from ArrayPool and are reused), and the peak RSS growth per file with several
/// files in flight at once.
/// </summary>
internal static class EvidenceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = int.Parse(Option(args, "--files", "10"), CultureInfo.InvariantCulture);
        var inFlight = int.Parse(Option(args, "--in-flight", "8"), CultureInfo.InvariantCulture);
        var clamAv = Option(args, "--clamav", "");
        var directory = Directory.CreateTempSubdirectory("iessbot-evidence-bench-").FullName;
        try
        {
            using var protector = new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));
            var store = new FileSystemEvidenceStore(Path.Combine(directory, "evidence"), protector);
            var source = new BenchmarkSource();
            var intake = new EvidenceIntake(
                new AttachmentContent(new ServiceCollection().AddSingleton<IAttachmentContentSource>(source).BuildServiceProvider()),
                store, Scanner(clamAv), Options.Create(new EvidenceLimits()), NullLogger<EvidenceIntake>.Instance);

            Console.WriteLine($"IessBot evidence pipeline — {Environment.ProcessorCount} cores, scanner: {(clamAv.Length > 0 ? "ClamAV " + clamAv : "off")}, {files} files per row, {inFlight} in flight for the memory columns");
            Console.WriteLine();
            Console.WriteLine("| file | MB | MB/s (one at a time) | allocated KB/file | peak RSS growth KB/file in flight |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, content) in new[] { ("PDF (scanned document)", Pdf(20 * 1024 * 1024)), ("JPEG (phone photo, EXIF+GPS)", Jpeg(5 * 1024 * 1024)) })
            {
                var url = source.Add(content);
                var attachment = new Attachment { ContentUrl = url, Name = "evidencia", ContentType = "application/octet-stream" };
                await MeasureAsync(name, content.Length, () => OneAsync(intake, store, attachment), files, inFlight);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task OneAsync(EvidenceIntake intake, FileSystemEvidenceStore store, Attachment attachment)
    {
        var result = await intake.AcceptAsync(attachment, CaseType.Denuncia, CancellationToken.None);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"The benchmark file was refused: {result.Rejection}");
        }
        await store.DeleteAsync(result.Evidence.EvidenceId, CancellationToken.None);
    }

    private static async Task MeasureAsync(string name, int length, Func<Task> one, int files, int inFlight)
    {
        for (var i = 0; i < 2; i++)
        {
            await one();
        }
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < files; i++)
        {
            await one();
        }
        clock.Stop();
        var allocatedPerFile = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / files;
        var megabytes = length / (1024.0 * 1024.0);
        var throughput = megabytes * files / clock.Elapsed.TotalSeconds;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var rssBefore = process.WorkingSet64;
        var rssPeak = rssBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                rssPeak = Math.Max(rssPeak, process.WorkingSet64);
                await Task.Delay(2);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(one)));
        await sampling.CancelAsync();
        await sampler;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {megabytes:0} | {throughput:0} | {allocatedPerFile / 1024.0:0} | {(rssPeak - rssBefore) / 1024.0 / inFlight:0} |"));
    }

    private static IMalwareScanner Scanner(string hostAndPort)
    {
        if (hostAndPort.Length == 0)
        {
            return new NoMalwareScanner();
        }
        var parts = hostAndPort.Split(':');
        return new ClamAvScanner(Options.Create(new ClamAvOptions { Host = parts[0], Port = int.Parse(parts[1], CultureInfo.InvariantCulture) }));
    }

    /// <summary>A scanned-document PDF: a few objects, a compressed object stream, one big picture stream.</summary>
    private static byte[] Pdf(int length)
    {
        var objects = new MemoryStream();
        using (var zlib = new ZLibStream(objects, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(10, 200).Select(i => $"<< /Type /Annot /Subtype /Link /Rect [0 0 {i} {i}] >>\n"))));
        }
        var head = Encoding.ASCII.GetBytes(
            "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
            $"4 0 obj\n<< /Type /ObjStm /N 200 /First 0 /Filter /FlateDecode /Length {objects.Length} >>\nstream\n");
        var middle = Encoding.ASCII.GetBytes("\nendstream\nendobj\n3 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode >>\nstream\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        var content = new byte[length];
        var at = 0;
        foreach (var part in new[] { head, objects.ToArray(), middle })
        {
            part.CopyTo(content, at);
            at += part.Length;
        }
        new Random(1).NextBytes(content.AsSpan(at, length - at - tail.Length));
        tail.CopyTo(content, length - tail.Length);
        return content;
    }

    /// <summary>A phone-style JPEG: JFIF, 16 KB of EXIF, tables, then entropy-coded data with byte stuffing.</summary>
    private static byte[] Jpeg(int length)
    {
        var output = new MemoryStream(length + 1024);
        output.Write([0xFF, 0xD8]);
        Segment(output, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(output, 0xE1, [.. "Exif\0\0"u8, .. new byte[16 * 1024]]);
        Segment(output, 0xDB, new byte[65]);
        Segment(output, 0xC0, [8, 0x0F, 0xC0, 0x0B, 0xD0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        Segment(output, 0xC4, new byte[29]);
        Segment(output, 0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
        var random = new Random(2);
        var data = new byte[length - (int)output.Length - 2];
        random.NextBytes(data);
        for (var i = 0; i < data.Length - 1; i++)
        {
            if (data[i] == 0xFF)
            {
                data[++i] = 0x00;
            }
        }
        data[^1] = 0x00;
        output.Write(data);
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private static void Segment(Stream output, byte marker, byte[] payload)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = 0xFF;
        header[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(payload.Length + 2));
        output.Write(header);
        output.Write(payload);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    /// <summary>Serves the files as a channel would: a fresh read-only, non-seekable stream per download.</summary>
    private sealed class BenchmarkSource : IAttachmentContentSource
    {
        private readonly Dictionary<string, byte[]> _files = [];

        public string Add(byte[] content)
        {
            var url = $"bench://{_files.Count}";
            _files[url] = content;
            return url;
        }

        public bool CanOpen(string contentUrl) => _files.ContainsKey(contentUrl);

        public Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new MemoryStream(_files[contentUrl], writable: false));
    }
}
