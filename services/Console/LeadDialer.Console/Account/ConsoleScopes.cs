using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LeadDialer.Console.Account;

/// <summary>
/// The signed-in key's scopes (from the gateway's <c>GET /api/me</c> at sign-in, kept as claims in
/// the cookie) as authorization policies, so screens show only what the key may do. The gateway
/// checks every request anyway; this only spares the user buttons that would answer 403.
/// </summary>
public static class ConsoleScopes
{
    public const string Claim = "leaddialer:scope";

    /// <summary>The gateway's scope names (ADR 0009); each is also the policy's name.</summary>
    public const string Read = "read";

    public const string Write = "write";

    public static void AddScopePolicies(this AuthorizationOptions options) =>
        options.AddPolicy(Write, policy => policy.RequireClaim(Claim, Write));

    public static IEnumerable<string> Of(ClaimsPrincipal user) => user.FindAll(Claim).Select(c => c.Value);
}
