namespace FinOpsDashboard.Infrastructure.Security;

/// <summary>The acting user's role does not allow this change; the message says who may make it.</summary>
public sealed class PermissionDeniedException(string message) : Exception(message);
