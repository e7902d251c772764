using System.Runtime.CompilerServices;
using System.IO.Pipelines;

namespace IessBot.Evidence.Sanitizing;

/// <summary>Where a parser writes the bytes to keep: the writing end of the pipe the evidence store reads.</summary>
internal sealed class EvidenceOutput(PipeWriter writer)
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        var result = await writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            // The store stopped reading (it failed or was cancelled): nothing more to produce.
            throw new OperationCanceledException("The evidence store stopped reading.");
        }
    }
}
