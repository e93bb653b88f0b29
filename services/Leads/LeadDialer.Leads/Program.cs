using LeadDialer.Leads;
using LeadDialer.Leads.Leads;
using LeadDialer.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLeadsApi();
app.Run();

public partial class Program;
