using System.Net.Http.Json;
using System.Net.Mail;
using FinOpsDashboard.Domain.Budgets;
using FinOpsDashboard.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>What one delivery pass did; <see cref="Errors"/> name the alert and channel, never a URL or credential.</summary>
public sealed record AlertDeliveryRun(int Sent, int Failed, int GaveUp, IReadOnlyList<string> Errors)
{
    public string Summary => Sent + Failed == 0
        ? "nothing due"
        : $"{Sent} sent, {Failed} failed{(GaveUp > 0 ? $" ({GaveUp} gave up after the last attempt: retry them from the alert centre)" : "")}";
}

/// <summary>Sends an alert by email; SMTP in production, replaceable in tests.</summary>
public interface IAlertEmailSender
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}

/// <summary>System.Net.Mail over the configured host (Alerts:Email); credentials only from configuration, never logged.</summary>
public sealed class SmtpAlertEmailSender(IOptions<AlertingOptions> options) : IAlertEmailSender
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        var email = options.Value.Email;
        using var client = new SmtpClient(email.Host, email.Port)
        {
            EnableSsl = email.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)TimeSpan.FromSeconds(options.Value.DeliveryTimeoutSeconds).TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(email.UserName))
        {
            client.Credentials = new System.Net.NetworkCredential(email.UserName, email.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}

/// <summary>
/// The outbox sender: every pending delivery whose time has come is claimed (a short lease, so a second process
/// skips it), sent, and marked sent — or its attempt counted, its error kept and its next attempt pushed back
/// exponentially; after the last attempt it stays "failed" and visible until someone retries it.
/// </summary>
public sealed class AlertDeliveryService(
    IDbContextFactory<FinOpsDbContext> dbFactory,
    IHttpClientFactory httpClients,
    IAlertEmailSender email,
    IOptions<AlertingOptions> options,
    AlertNotifier notifier,
    TimeProvider clock,
    ILogger<AlertDeliveryService> logger)
{
    /// <summary>The named HttpClient webhook posts go through.</summary>
    public const string HttpClientName = "alerts";

    /// <summary>How long a claimed delivery is reserved for the sender that claimed it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private AlertingOptions Options => options.Value;

    public async Task<bool> HasDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AlertDeliveries.AnyAsync(d => d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now, cancellationToken);
    }

    public async Task<AlertDeliveryRun> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.AlertDeliveries
                .Where(d => d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                .Select(d => d.Id)
                .ToListAsync(cancellationToken);
        }

        int sent = 0, failed = 0, gaveUp = 0;
        var errors = new List<string>();
        foreach (var id in due)
        {
            var result = await DeliverOneAsync(id, cancellationToken);
            switch (result)
            {
                case null:
                    break;
                case { Error: null }:
                    sent++;
                    break;
                default:
                    failed++;
                    gaveUp += result.GaveUp ? 1 : 0;
                    errors.Add(result.Error);
                    break;
            }
        }

        if (sent + failed > 0)
        {
            notifier.Notify();
        }

        return new AlertDeliveryRun(sent, failed, gaveUp, errors);
    }

    private sealed record Attempt(string? Error, bool GaveUp);

    /// <summary>Null when another sender holds the delivery (or it is no longer due).</summary>
    private async Task<Attempt?> DeliverOneAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leaseUntil = now + Lease;
        var claimed = await db.AlertDeliveries
            .Where(d => d.Id == id && d.Status == DeliveryStatuses.Pending && d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, leaseUntil), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var delivery = await db.AlertDeliveries.SingleAsync(d => d.Id == id, cancellationToken);
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.Id == delivery.AlertId, cancellationToken);
        string? error = null;
        try
        {
            await SendAsync(delivery.Channel, alert, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = Describe(ex);
        }

        var after = clock.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        var gaveUp = false;
        if (error is null)
        {
            delivery.Status = DeliveryStatuses.Sent;
            delivery.SentAt = after;
            logger.LogInformation("Alert {Alert} delivered by {Channel} (attempt {Attempt})", alert.Id, delivery.Channel, delivery.Attempts);
        }
        else
        {
            delivery.LastError = error;
            gaveUp = delivery.Attempts >= Options.MaxDeliveryAttempts;
            if (gaveUp)
            {
                delivery.Status = DeliveryStatuses.Failed;
            }
            else
            {
                delivery.NextAttemptAt = after + Options.RetryDelay(delivery.Attempts);
            }

            logger.LogWarning("Alert {Alert} {Channel} delivery attempt {Attempt} failed: {Error}", alert.Id, delivery.Channel, delivery.Attempts, error);
        }

        // Saved even when the job is being cancelled: an attempt made must be counted.
        await db.SaveChangesAsync(CancellationToken.None);
        return error is null
            ? new Attempt(null, false)
            : new Attempt($"alert #{alert.Id} by {delivery.Channel}, attempt {delivery.Attempts}/{Options.MaxDeliveryAttempts}: {error}"
                + (gaveUp ? " (gave up)" : $" (next try {delivery.NextAttemptAt:HH:mm} UTC)"), gaveUp);
    }

    private async Task SendAsync(string channel, BudgetAlert alert, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.DeliveryTimeoutSeconds));
        switch (channel)
        {
            case AlertChannels.Webhook:
                if (!Options.WebhookConfigured)
                {
                    throw new DeliveryException("no webhook URL is configured any more (Alerts:WebhookUrl)");
                }

                var http = httpClients.CreateClient(HttpClientName);
                using (var response = await http.PostAsJsonAsync(Options.WebhookUrl, AlertMessages.WebhookPayload(alert, Options.DashboardUrl), timeout.Token))
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        var body = await response.Content.ReadAsStringAsync(timeout.Token);
                        throw new DeliveryException($"the webhook answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(string.IsNullOrWhiteSpace(body) ? "" : $": {Snippet(body)}")}");
                    }
                }

                break;
            case AlertChannels.Email:
                if (!Options.EmailConfigured)
                {
                    throw new DeliveryException("email is not configured any more (Alerts:Email:Host, From, To)");
                }

                using (var message = new MailMessage { From = new MailAddress(Options.Email.From!), Subject = AlertMessages.Subject(alert), Body = AlertMessages.EmailBody(alert, Options.DashboardUrl) })
                {
                    foreach (var to in Options.Email.To)
                    {
                        message.To.Add(to);
                    }

                    await email.SendAsync(message, timeout.Token);
                }

                break;
            default:
                throw new DeliveryException($"unknown channel '{channel}'");
        }
    }

    /// <summary>Short and secret-free: exception messages of HttpClient name host and port at most, never the webhook's path or token.</summary>
    private string Describe(Exception ex) => ex switch
    {
        DeliveryException d => d.Message,
        OperationCanceledException => $"no answer within {Options.DeliveryTimeoutSeconds:0} s",
        HttpRequestException h => $"the webhook could not be reached ({h.HttpRequestError}: {h.InnerException?.Message ?? h.Message})",
        SmtpException s => $"the mail server refused or failed ({s.StatusCode}: {s.Message})",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static string Snippet(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 160 ? flat : flat[..160] + "…";
    }

    private sealed class DeliveryException(string message) : Exception(message);
}
