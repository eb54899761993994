namespace FinOpsDashboard.Infrastructure.Budgets;

/// <summary>Bound from "Budgets": how budgets are mirrored to AWS Budgets.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Budgets";

    /// <summary>The account AWS budgets are created in (the payer account sees its linked accounts). Default: the first configured or default-credentials account.</summary>
    public string? AwsAccountId { get; set; }

    /// <summary>AWS budget names are "{prefix}-{id}-{scope}-{period}"; the name is fixed at the first sync.</summary>
    public string AwsBudgetNamePrefix { get; set; } = "bedrock-finops";

    /// <summary>Who AWS notifies for each threshold (EMAIL addresses, at most 10, and one SNS topic ARN). Empty: AWS sends nothing itself.</summary>
    public List<AwsBudgetSubscriber> AwsSubscribers { get; set; } = [];
}

public sealed class AwsBudgetSubscriber
{
    /// <summary>EMAIL or SNS.</summary>
    public string Type { get; set; } = "EMAIL";

    public string Address { get; set; } = "";
}

/// <summary>Bound from "Alerts": where budget alerts are sent besides the in-app alert centre. No secret is stored in the database.</summary>
public sealed class AlertingOptions
{
    public const string Section = "Alerts";

    /// <summary>Slack-compatible incoming webhook (POST {"text": ...}); empty = no webhook. The URL carries a secret: it is never logged or shown.</summary>
    public string? WebhookUrl { get; set; }

    public SmtpAlertOptions Email { get; set; } = new();

    /// <summary>Tries per delivery, the first included; after the last the delivery stays "failed" until retried by hand.</summary>
    public int MaxDeliveryAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; each further retry waits twice as long (1, 2, 4, 8, 16 min).</summary>
    public double RetryBaseDelaySeconds { get; set; } = 60;

    /// <summary>Timeout of one webhook or SMTP attempt.</summary>
    public double DeliveryTimeoutSeconds { get; set; } = 15;

    /// <summary>The dashboard's public address, for links in messages (e.g. https://finops.example.com); empty = no link.</summary>
    public string? DashboardUrl { get; set; }

    public bool WebhookConfigured => !string.IsNullOrWhiteSpace(WebhookUrl);

    public bool EmailConfigured => !string.IsNullOrWhiteSpace(Email.Host) && !string.IsNullOrWhiteSpace(Email.From) && Email.To.Count > 0;

    /// <summary>The channels a new alert is queued on.</summary>
    public IReadOnlyList<string> Channels()
    {
        var channels = new List<string>();
        if (WebhookConfigured)
        {
            channels.Add(Domain.Budgets.AlertChannels.Webhook);
        }

        if (EmailConfigured)
        {
            channels.Add(Domain.Budgets.AlertChannels.Email);
        }

        return channels;
    }

    /// <summary>Backoff after <paramref name="attempts"/> failed tries: base × 2^(attempts-1).</summary>
    public TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(RetryBaseDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
}

public sealed class SmtpAlertOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? From { get; set; }
    public List<string> To { get; set; } = [];

    /// <summary>Optional SMTP credentials, from configuration or the environment (Alerts__Email__Password) only.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
