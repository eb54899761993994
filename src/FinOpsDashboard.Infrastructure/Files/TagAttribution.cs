using System.Text.Json;

namespace FinOpsDashboard.Infrastructure.Files;

/// <summary>Team and feature found on one bill line, or null where none of the configured keys was there.</summary>
internal readonly record struct TagValues(string? Team, string? Feature)
{
    public TagValues Or(TagValues fallback) => new(Team ?? fallback.Team, Feature ?? fallback.Feature);

    /// <summary>The raw values, "" where absent (the grain keeps raw values; the attribution rules resolve them).</summary>
    public (string Team, string Feature) OrEmpty() => (Team ?? string.Empty, Feature ?? string.Empty);
}

/// <summary>
/// Reads team and feature from the tag maps of a bill line. Where AWS puts a tag applied as "team":
/// CUR 2.0 <c>resource_tags</c> map as "user_team"; CUR 2.0 <c>tags</c> map as "resourceTags/user:team" or
/// "resourceTags/team", and principal / session tags as "iamPrincipal/team"; legacy CUR and flattened exports as a
/// column "resource_tags_user_team" ("resourceTags/user:team"); FOCUS <c>Tags</c> as "team" (or "user:team").
/// A resource tag (an application inference profile's) wins over the caller's principal tag.
/// </summary>
internal sealed class TagAttribution
{
    private const int MaxCachedMaps = 20_000;

    private readonly string[][] _teamResourceKeys;
    private readonly string[][] _featureResourceKeys;
    private readonly string[] _teamPrincipalKeys;
    private readonly string[] _featurePrincipalKeys;
    private readonly Dictionary<string, (TagValues Resource, TagValues Principal)?> _cache = new(StringComparer.Ordinal);

    // The CSV reader hands out one string instance per distinct value of a column: looking that instance up by
    // reference skips hashing a hundred characters of JSON on every line.
    private readonly Dictionary<string, (TagValues Resource, TagValues Principal)?> _byInstance = new(ReferenceEqualityComparer.Instance);

    public TagAttribution(IReadOnlyList<string> teamKeys, IReadOnlyList<string> featureKeys)
    {
        TeamKeys = teamKeys;
        FeatureKeys = featureKeys;
        _teamResourceKeys = teamKeys.Select(ResourceCandidates).ToArray();
        _featureResourceKeys = featureKeys.Select(ResourceCandidates).ToArray();
        _teamPrincipalKeys = teamKeys.Select(k => "iamPrincipal/" + k).ToArray();
        _featurePrincipalKeys = featureKeys.Select(k => "iamPrincipal/" + k).ToArray();
    }

    public IReadOnlyList<string> TeamKeys { get; }
    public IReadOnlyList<string> FeatureKeys { get; }

    /// <summary>Resource-level and principal-level values in one map column; false when the text is not a map.</summary>
    public bool TryRead(string? mapText, out TagValues resource, out TagValues principal)
    {
        resource = default;
        principal = default;
        if (string.IsNullOrWhiteSpace(mapText) || mapText is "{}")
        {
            return true;
        }

        if (!_byInstance.TryGetValue(mapText, out var cached))
        {
            if (!_cache.TryGetValue(mapText, out cached))
            {
                var map = ParseMap(mapText);
                cached = map is null
                    ? null
                    : (new TagValues(Find(map, _teamResourceKeys), Find(map, _featureResourceKeys)),
                       new TagValues(Find(map, _teamPrincipalKeys), Find(map, _featurePrincipalKeys)));

                // Tag sets repeat across millions of lines; the bound keeps a file of unique junk from growing memory.
                if (_cache.Count < MaxCachedMaps)
                {
                    _cache[mapText] = cached;
                }
            }

            if (_byInstance.Count < MaxCachedMaps)
            {
                _byInstance[mapText] = cached;
            }
        }

        if (cached is null)
        {
            return false;
        }

        (resource, principal) = cached.Value;
        return true;
    }

    /// <summary>A JSON object of strings; Athena's "{key=value, ...}" rendering is accepted as well. Null when neither.</summary>
    internal static Dictionary<string, string>? ParseMap(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(value))
                {
                    map[property.Name] = value;
                }
            }

            return map;
        }
        catch (JsonException)
        {
            return ParseKeyEquals(trimmed);
        }
    }

    private static Dictionary<string, string>? ParseKeyEquals(string trimmed)
    {
        var body = trimmed[1..^1];
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Trim().Length == 0)
        {
            return map;
        }

        foreach (var pair in body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var value = pair[(eq + 1)..].Trim();
            if (value.Length > 0)
            {
                map[pair[..eq].Trim()] = value;
            }
        }

        return map;
    }

    private static string[] ResourceCandidates(string key) =>
        ["user_" + key, "user:" + key, key, "resourceTags/user:" + key, "resourceTags/user_" + key, "resourceTags/" + key];

    private static string? Find(Dictionary<string, string> map, string[][] candidatesPerKey)
    {
        foreach (var candidates in candidatesPerKey)
        {
            var value = Find(map, candidates);
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Find(Dictionary<string, string> map, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (map.TryGetValue(candidate, out var value))
            {
                return value.Trim();
            }
        }

        return null;
    }
}
