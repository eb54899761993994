using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace FinOpsDashboard.Infrastructure.Tests.Files;

/// <summary>
/// A local, path-style S3 stand-in on loopback: ListObjectsV2 (paged by <see cref="PageSize"/>), GetObject and
/// HeadObject, with ETags as S3 computes them for single-part uploads (MD5, quoted). It records whether each request
/// carried a SigV4 Authorization header.
/// </summary>
public sealed class FakeS3Server : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<(string Bucket, string Key), byte[]> _objects = new();
    private readonly Task _loop;

    public FakeS3Server()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }
    public int PageSize { get; set; } = 2;
    public ConcurrentQueue<string> Requests { get; } = new();
    public bool AllSigned { get; private set; } = true;

    public void Put(string bucket, string key, byte[] content) => _objects[(bucket, key)] = content;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        AllSigned &= request.Headers["Authorization"]?.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal) == true;
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath.TrimStart('/'));
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var key = slash < 0 ? string.Empty : path[(slash + 1)..];
        Requests.Enqueue($"{request.HttpMethod} {request.Url.PathAndQuery}");

        if (key.Length == 0 && request.QueryString["list-type"] == "2")
        {
            await WriteAsync(response, 200, "application/xml", Encoding.UTF8.GetBytes(List(bucket, request.QueryString["prefix"] ?? string.Empty, request.QueryString["continuation-token"])));
            return;
        }

        if (!_objects.TryGetValue((bucket, key), out var content))
        {
            await WriteAsync(response, 404, "application/xml", Encoding.UTF8.GetBytes(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>{SecurityElement.Escape(key)}</Key></Error>"));
            return;
        }

        response.Headers["ETag"] = ETag(content);
        response.Headers["Last-Modified"] = "Fri, 01 May 2026 00:00:00 GMT";
        if (request.HttpMethod == "HEAD")
        {
            response.StatusCode = 200;
            response.ContentLength64 = content.Length;
            return;
        }

        await WriteAsync(response, 200, "application/octet-stream", content);
    }

    private string List(string bucket, string prefix, string? token)
    {
        var keys = _objects.Keys.Where(k => k.Bucket == bucket && k.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k.Key).Order(StringComparer.Ordinal).ToList();
        var start = token is null ? 0 : int.Parse(token, CultureInfo.InvariantCulture);
        var page = keys.Skip(start).Take(PageSize).ToList();
        var truncated = start + page.Count < keys.Count;
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.Append($"<Name>{bucket}</Name><Prefix>{SecurityElement.Escape(prefix)}</Prefix><KeyCount>{page.Count}</KeyCount><MaxKeys>{PageSize}</MaxKeys><IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>");
        foreach (var key in page)
        {
            var content = _objects[(bucket, key)];
            xml.Append($"<Contents><Key>{SecurityElement.Escape(key)}</Key><LastModified>2026-05-01T00:00:00.000Z</LastModified><ETag>{SecurityElement.Escape(ETag(content))}</ETag><Size>{content.Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }

        if (truncated)
        {
            xml.Append($"<NextContinuationToken>{start + page.Count}</NextContinuationToken>");
        }

        return xml.Append("</ListBucketResult>").ToString();
    }

    private static string ETag(byte[] content) => "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
    }
}
