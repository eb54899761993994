namespace FinOpsDashboard.Cli;

/// <summary>A command line split into positional words and --options (flags without a value read as "true").</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public CommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    _options[name[..eq]] = name[(eq + 1)..];
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    _options[name] = args[++i];
                }
                else
                {
                    _options[name] = "true";
                }
            }
            else
            {
                Positional.Add(arg);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) =>
        Option(name) ?? throw new UsageException($"--{name} is required.");

    public bool Flag(string name) => _options.ContainsKey(name);

    /// <summary>Options the command did not expect: reported instead of silently ignored.</summary>
    public IEnumerable<string> UnknownOptions(params string[] known) =>
        _options.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase));
}

/// <summary>The user's words were wrong: print the message and the usage, exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
