using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Configuration;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>One object a source offers: where it is, its key relative to the source, size, and (S3) its ETag.</summary>
internal sealed record ImportObject(string Location, string Key, long Size, string? ETag)
{
    public string Name => Key[(Key.LastIndexOf('/') + 1)..];

    /// <summary>Folder part of the key ("" at the root): files of one export part live together.</summary>
    public string Folder => Key.LastIndexOf('/') is var slash and > 0 ? Key[..slash] : string.Empty;
}

/// <summary>A local folder or file, or an S3 prefix: lists objects and opens them for streaming.</summary>
internal interface IImportSource : IDisposable
{
    /// <summary>local | s3.</summary>
    string Kind { get; }

    /// <summary>True when the object's identity comes with the listing (ETag); false when it must be hashed.</summary>
    bool HasListedIdentity { get; }

    Task<IReadOnlyList<ImportObject>> ListAsync(CancellationToken cancellationToken);

    Task<Stream> OpenAsync(ImportObject item, CancellationToken cancellationToken);

    /// <summary>An object a manifest names that the listing did not hold (outside the prefix); null when it does not exist.</summary>
    Task<ImportObject?> FindAsync(string reference, ImportObject manifest, CancellationToken cancellationToken);
}

internal sealed class LocalImportSource : IImportSource
{
    private readonly string _root;
    private readonly bool _isFile;

    public LocalImportSource(string path)
    {
        _root = Path.GetFullPath(path);
        _isFile = File.Exists(_root);
        if (!_isFile && !Directory.Exists(_root))
        {
            throw new ImportSourceException($"'{path}' is neither a file nor a folder.");
        }
    }

    public string Kind => "local";
    public bool HasListedIdentity => false;

    public Task<IReadOnlyList<ImportObject>> ListAsync(CancellationToken cancellationToken)
    {
        if (_isFile)
        {
            return Task.FromResult<IReadOnlyList<ImportObject>>([ToObject(_root, Path.GetDirectoryName(_root)!)]);
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        IReadOnlyList<ImportObject> files = Directory.EnumerateFiles(_root, "*", options)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(f => ToObject(f, _root))
            .ToList();
        return Task.FromResult(files);
    }

    public Task<Stream> OpenAsync(ImportObject item, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(item.Location, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    /// <summary>
    /// A manifest names S3 keys ("s3://bucket/prefix/export/data/BILLING_PERIOD=2026-05/export-00001.csv.gz"); a local
    /// copy keeps some trailing part of that path. The longest trailing part found under the manifest's folder or one
    /// of its parents wins.
    /// </summary>
    public Task<ImportObject?> FindAsync(string reference, ImportObject manifest, CancellationToken cancellationToken)
    {
        var segments = KeyOf(reference).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var bases = new List<string>();
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(manifest.Location)!); dir is not null && bases.Count < 5; dir = dir.Parent)
        {
            bases.Add(dir.FullName);
        }

        for (var take = segments.Length; take >= 1; take--)
        {
            var tail = Path.Combine(segments[^take..]);
            foreach (var folder in bases)
            {
                var candidate = Path.Combine(folder, tail);
                if (File.Exists(candidate))
                {
                    return Task.FromResult<ImportObject?>(ToObject(candidate, _isFile ? Path.GetDirectoryName(_root)! : _root));
                }
            }
        }

        return Task.FromResult<ImportObject?>(null);
    }

    public void Dispose()
    {
    }

    internal static string KeyOf(string reference) =>
        reference.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) && reference.IndexOf('/', 5) is var slash and > 0
            ? reference[(slash + 1)..]
            : reference.TrimStart('/');

    private static ImportObject ToObject(string fullPath, string root)
    {
        var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        return new ImportObject(fullPath, relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFileName(fullPath) : relative, new FileInfo(fullPath).Length, null);
    }
}

/// <summary>
/// Creates the S3 client: default credential chain, region Aws:Region (us-east-1), endpoint override Aws:Endpoints:S3.
/// With an override, addressing is path-style unless Aws:S3:ForcePathStyle says otherwise (local S3-compatible servers
/// have no per-bucket host names); without one, Aws:S3:ForcePathStyle applies when set.
/// </summary>
public interface IS3ClientFactory
{
    IAmazonS3 Create();
}

public sealed class S3ClientFactory(IConfiguration configuration) : IS3ClientFactory
{
    public IAmazonS3 Create() => new AmazonS3Client(Config());

    internal AmazonS3Config Config()
    {
        var region = configuration["Aws:Region"] is { Length: > 0 } r ? r : "us-east-1";
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        var forcePathStyle = configuration.GetValue<bool?>("Aws:S3:ForcePathStyle") ?? configuration.GetValue<bool?>("Aws:ForcePathStyle");
        if (configuration["Aws:Endpoints:S3"] is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
            config.ForcePathStyle = forcePathStyle ?? true;
        }
        else if (forcePathStyle is { } pathStyle)
        {
            config.ForcePathStyle = pathStyle;
        }

        return config;
    }
}

internal sealed class S3ImportSource : IImportSource
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3ImportSource(string url, IS3ClientFactory factory)
    {
        (_bucket, _prefix) = Parse(url);
        _client = factory.Create();
    }

    public string Kind => "s3";
    public bool HasListedIdentity => true;

    public static (string Bucket, string Prefix) Parse(string url)
    {
        var rest = url["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            throw new ImportSourceException($"'{url}' names no bucket: expected s3://bucket/prefix.");
        }

        return (bucket, slash < 0 ? string.Empty : rest[(slash + 1)..]);
    }

    public async Task<IReadOnlyList<ImportObject>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await ListPrefixAsync(_prefix, cancellationToken);

        // "s3://b/cur" is a folder unless an object has exactly that key; "cur-old/..." must not match it.
        var exact = all.FirstOrDefault(o => o.Key == _prefix);
        if (exact is not null)
        {
            return [exact with { Key = exact.Name }];
        }

        var folder = _prefix.Length == 0 || _prefix.EndsWith('/') ? _prefix : _prefix + "/";
        return all.Where(o => o.Key.StartsWith(folder, StringComparison.Ordinal) && !o.Key.EndsWith('/'))
            .Select(o => o with { Key = o.Key[folder.Length..] })
            .ToList();
    }

    public async Task<Stream> OpenAsync(ImportObject item, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(item.Location);
        try
        {
            var response = await _client.GetObjectAsync(bucket, key, cancellationToken);
            return new OwnedStream(response.ResponseStream, response);
        }
        catch (AmazonServiceException ex)
        {
            throw new IOException($"GetObject {item.Location} failed: {ex.StatusCode} {ex.ErrorCode} {ex.Message}", ex);
        }
    }

    public async Task<ImportObject?> FindAsync(string reference, ImportObject manifest, CancellationToken cancellationToken)
    {
        var (bucket, key) = reference.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? Parse(reference) : (_bucket, reference.TrimStart('/'));
        try
        {
            var head = await _client.GetObjectMetadataAsync(bucket, key, cancellationToken);
            return new ImportObject($"s3://{bucket}/{key}", key, head.ContentLength, Quoteless(head.ETag));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<List<ImportObject>> ListPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<ImportObject>();
        string? token = null;
        try
        {
            do
            {
                var page = await _client.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, ContinuationToken = token },
                    cancellationToken);
                foreach (var o in page.S3Objects ?? [])
                {
                    objects.Add(new ImportObject($"s3://{_bucket}/{o.Key}", o.Key, o.Size ?? 0, Quoteless(o.ETag)));
                }

                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (!string.IsNullOrEmpty(token));
        }
        catch (AmazonServiceException ex)
        {
            throw new ImportSourceException($"Listing s3://{_bucket}/{prefix} failed: {ex.StatusCode} {ex.ErrorCode} {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException or TimeoutException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ImportSourceException($"Listing s3://{_bucket}/{prefix} failed: {ex.Message}", ex);
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    private static string? Quoteless(string? etag) => etag?.Trim('"');

    /// <summary>Keeps the GetObject response alive (and disposes it) with its body stream.</summary>
    private sealed class OwnedStream(Stream inner, IDisposable owner) : ReadOnlyForwardStream(inner)
    {
        public override long Length => Inner.Length;
        public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer) => Inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Inner.ReadAsync(buffer, offset, count, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                owner.Dispose();
            }
        }
    }
}
