using LeadDialer.Leads.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.CustomFields;

public sealed record CustomFieldResponse(string Name, string Type, DateTimeOffset CreatedAt)
{
    public static CustomFieldResponse From(CustomField f) => new(f.Name, f.Type, f.CreatedAt);
}

public sealed record AddCustomFieldRequest(string? Name, string? Type);

public static class CustomFieldsApi
{
    public static IEndpointRouteBuilder MapCustomFieldsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/custom-fields").WithTags("Custom fields");
        api.MapGet("/", List)
            .WithSummary("The custom fields, in the order they were created (the CSV template's extra columns).");
        api.MapPost("/", Add)
            .WithSummary("Add a custom field: a name usable as a Retell variable and Vapi placeholder, and a type (text, number, date, boolean).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{name}", Delete)
            .WithSummary("Delete a custom field. Refused while leads have a value for it, saying how many; force=true also removes those values.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Name → type of every field, for validating lead values.</summary>
    public static async Task<Dictionary<string, string>> Definitions(this LeadsDbContext db, CancellationToken cancellationToken) =>
        await db.CustomFields.AsNoTracking().OrderBy(f => f.Id).ToDictionaryAsync(f => f.Name, f => f.Type, cancellationToken);

    static async Task<Ok<CustomFieldResponse[]>> List(LeadsDbContext db, CancellationToken cancellationToken)
    {
        var fields = await db.CustomFields.AsNoTracking().OrderBy(f => f.Id).ToArrayAsync(cancellationToken);
        return TypedResults.Ok(fields.Select(CustomFieldResponse.From).ToArray());
    }

    static async Task<Results<Created<CustomFieldResponse>, ValidationProblem, ProblemHttpResult>> Add(
        AddCustomFieldRequest request, LeadsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (CustomFieldRules.CheckName(request.Name?.Trim()) is { } nameError)
        {
            errors["name"] = [nameError];
        }

        var type = request.Type?.Trim().ToLowerInvariant();
        if (CustomFieldRules.CheckType(type) is { } typeError)
        {
            errors["type"] = [typeError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The custom field is not valid.");
        }

        var name = request.Name!.Trim();
        var lower = name.ToLowerInvariant();
        if (await db.CustomFields.AnyAsync(f => f.Name.ToLower() == lower, cancellationToken))
        {
            return Conflict(name);
        }

        var field = new CustomField { Name = name, Type = type!, CreatedAt = clock.GetUtcNow() };
        db.CustomFields.Add(field);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return Conflict(name);
        }

        return TypedResults.Created($"/api/custom-fields/{field.Name}", CustomFieldResponse.From(field));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string name, bool? force, LeadsDbContext db, CancellationToken cancellationToken)
    {
        var field = await db.CustomFields.SingleOrDefaultAsync(f => f.Name == name, cancellationToken);
        if (field is null)
        {
            var known = await db.CustomFields.OrderBy(f => f.Id).Select(f => f.Name).ToArrayAsync(cancellationToken);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Custom field not found",
                detail: $"There is no custom field '{name}'. Known fields: {(known.Length == 0 ? "none" : string.Join(", ", known))}.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var used = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM leads WHERE jsonb_exists(custom_fields, {name})")
            .SingleAsync(cancellationToken);
        if (used > 0 && force != true)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Custom field in use",
                detail: $"{used} lead(s) have a value for '{name}'. Delete it with ?force=true to remove the field and those values, or keep it.",
                extensions: new Dictionary<string, object?> { ["leadsUsingIt"] = used });
        }

        if (used > 0)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE leads SET custom_fields = custom_fields - {name} WHERE jsonb_exists(custom_fields, {name})", cancellationToken);
        }

        db.CustomFields.Remove(field);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    static ProblemHttpResult Conflict(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Custom field exists",
        detail: $"A custom field named '{name}' already exists (names are compared ignoring case). Use it, or pick another name.");
}
