using System.IO.Compression;
using Microsoft.Net.Http.Headers;

namespace IessBot.DirectLine;

/// <summary>
/// Serves <c>wwwroot/webchat/webchat.js</c> (botframework-webchat 4.18.1, 3.9 MB) gzip-compressed from memory: it is
/// compressed once, on the first request, to under 1 MB for phones, instead of on every request (which costs the server
/// about 0.4 s of CPU each time). Browsers keep it a day; clients without gzip get the file as it is.
/// </summary>
internal sealed class WebChatBundle(IWebHostEnvironment environment)
{
    public const string Path = "/webchat/webchat.js";
    private const string ContentType = "text/javascript; charset=utf-8";
    private readonly Lazy<Task<byte[]>> _gzip = new(() => CompressAsync(environment), LazyThreadSafetyMode.ExecutionAndPublication);

    public static void MapWebChatBundle(IEndpointRouteBuilder endpoints) => endpoints.MapGet(Path, ServeAsync);

    private static async Task<IResult> ServeAsync(HttpContext http, WebChatBundle bundle)
    {
        var file = bundle.File();
        if (!file.Exists)
        {
            return Results.Problem("The Web Chat bundle is missing from wwwroot/webchat; build the app with npm available (see README).", statusCode: 503);
        }
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastModified.ToUnixTimeSeconds():x}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(1) };
        headers.ETag = etag;
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        if (!http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            return Results.File(file.PhysicalPath!, ContentType);
        }
        http.Response.Headers.ContentEncoding = "gzip";
        return Results.Bytes(await bundle._gzip.Value, ContentType);
    }

    private Microsoft.Extensions.FileProviders.IFileInfo File() => environment.WebRootFileProvider.GetFileInfo(Path);

    private static async Task<byte[]> CompressAsync(IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(Path);
        using var output = new MemoryStream();
        await using (var source = file.CreateReadStream())
        await using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            await source.CopyToAsync(gzip);
        }
        return output.ToArray();
    }
}
