using LeadDialer.ProviderSimulator;

// Listens wherever --urls / ASPNETCORE_URLS says (the dev scripts use http://127.0.0.1:8099).
var builder = WebApplication.CreateBuilder(args);
builder.AddProviderSimulator();

var app = builder.Build();
app.MapProviderSimulator();
app.Run();
