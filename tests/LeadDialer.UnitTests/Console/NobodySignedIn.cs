using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace LeadDialer.UnitTests.Console;

/// <summary>The console's components ask who is signed in only for the API key header; here nobody is.</summary>
sealed class NobodySignedIn : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
}
