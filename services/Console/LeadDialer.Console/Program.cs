using LeadDialer.Console;
using LeadDialer.Console.Components;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddConsole();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapConsole<App>();
app.Run();

public partial class Program;
