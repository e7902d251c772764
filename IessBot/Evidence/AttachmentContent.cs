namespace IessBot.Evidence;

/// <summary>
/// Opens an attachment through the channel source that knows its URL. Sources are asked in reverse order of
/// registration, so a channel's specific source (registered after the Bot Framework channel) is preferred over
/// the generic http(s)/data: source of the Connector, which is the fallback.
/// </summary>
/// <remarks>Sources are resolved per call: channel sources are typed HTTP clients, which must not be held for the app's life.</remarks>
public sealed class AttachmentContent(IServiceProvider services)
{
    public Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken)
    {
        var source = services.GetServices<IAttachmentContentSource>().Reverse().FirstOrDefault(s => s.CanOpen(contentUrl))
            ?? throw new NotSupportedException("No channel can open this attachment URL.");
        return source.OpenAsync(contentUrl, cancellationToken);
    }
}
