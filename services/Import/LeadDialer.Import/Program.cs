using LeadDialer.Import;
using LeadDialer.Import.Imports;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapImportsApi();
app.Run();

public partial class Program;
