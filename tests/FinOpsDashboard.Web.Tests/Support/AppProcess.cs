using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FinOpsDashboard.Web.Tests.Support;

/// <summary>
/// The real web app as a child process on a free loopback port with its own temporary database: what a
/// browser test needs (an in-memory TestServer has no socket for Chromium to reach).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private AppProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public string DatabasePath => Path.Combine(_folder, "finops.db");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AppProcess> StartAsync(IDictionary<string, string>? environment = null)
    {
        var folder = Directory.CreateTempSubdirectory("finops-app-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo(RepoPaths.WebExecutable)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Database__Path"] = Path.Combine(folder, "finops.db");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The web app did not start.");
        var app = new AppProcess(process, folder, port);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return app;
    }

    /// <summary>Polls the database until a job has finished successfully (the demo seeding at start-up).</summary>
    public async Task WaitForJobAsync(string jobName, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(DatabasePath))
            {
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'job_runs'";
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    command.CommandText = "SELECT count(*) FROM job_runs WHERE JobName = $name AND Status = 'succeeded'";
                    command.Parameters.AddWithValue("$name", jobName);
                    if ((long)(await command.ExecuteScalarAsync())! > 0)
                    {
                        return;
                    }
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Job {jobName} did not succeed within {timeout}. App output:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder; harmless if a file is still held.
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The web app exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await http.GetAsync($"{BaseUrl}/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first response while the app warms up.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The web app was not healthy within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
