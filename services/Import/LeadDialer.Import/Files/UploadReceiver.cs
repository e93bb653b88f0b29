using System.Buffers;
using LeadDialer.Import.Imports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LeadDialer.Import.Files;

public sealed record ReceivedFile(string Path, string FileName, long Length, SniffResult Sniff);

/// <summary>
/// Streams an upload to the storage folder in 1 MiB chunks (never the whole file in memory),
/// sniffing it on the way, and enforces the size limit whether or not the client sent a length.
/// </summary>
public sealed class UploadReceiver(IOptions<ImportOptions> options)
{
    const int ChunkSize = 1 << 20;

    public async Task<(ReceivedFile? File, ImportProblem? Problem)> Receive(HttpContext http, Guid id, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        var request = http.Request;
        if (request.ContentLength > limit)
        {
            return (null, ImportProblems.TooLarge(limit));
        }

        // Kestrel's default (30 MB) is for the other endpoints; an upload gets the import limit
        // (plus room for multipart framing), and is counted below as well.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit + (64 * 1024);
        }

        Directory.CreateDirectory(options.Value.ResolvedStoragePath);
        var path = Path.Combine(options.Value.ResolvedStoragePath, $"{id:N}.csv");
        try
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
            if (mediaType is not null && mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(parsed!.Boundary).Value;
                if (string.IsNullOrEmpty(boundary))
                {
                    return (null, ImportProblems.NoFile());
                }

                var reader = new MultipartReader(boundary, request.Body);
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                    {
                        var name = (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value) ?? "upload.csv";
                        return await Store(section.Body, path, Path.GetFileName(name.Trim('"')), limit, cancellationToken);
                    }
                }

                return (null, ImportProblems.NoFile());
            }

            if (mediaType is null || !IsCsvLike(mediaType))
            {
                return (null, ImportProblems.UnsupportedContentType(request.ContentType));
            }

            var fileName = request.Query["fileName"].FirstOrDefault() ?? "upload.csv";
            return await Store(request.Body, path, Path.GetFileName(fileName), limit, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            File.Delete(path);
            return (null, ImportProblems.TooLarge(limit));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    static bool IsCsvLike(string mediaType) =>
        mediaType.ToLowerInvariant() is "text/csv" or "text/plain" or "application/csv" or "application/vnd.ms-excel"
            or "application/octet-stream" or "text/tab-separated-values";

    static async Task<(ReceivedFile?, ImportProblem?)> Store(Stream body, string path, string fileName, long limit, CancellationToken cancellationToken)
    {
        var sniffer = new FileSniffer();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
                {
                    if (sniffer.Length + read > limit)
                    {
                        await file.DisposeAsync();
                        File.Delete(path);
                        return (null, ImportProblems.TooLarge(limit));
                    }

                    sniffer.Append(buffer.AsSpan(0, read));
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            return (new ReceivedFile(path, string.IsNullOrWhiteSpace(fileName) ? "upload.csv" : fileName, sniffer.Length, sniffer.Finish()), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
