using System.Text.Json;
using LeadDialer.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Messaging.Persistence;

public static class JsonbPropertyExtensions
{
    /// <summary>
    /// Stores the property as a <c>jsonb</c> document in LeadDialer's JSON shape, compared by
    /// content so EF notices changes inside it (a dictionary, a record).
    /// </summary>
    public static PropertyBuilder<T> HasJsonbConversion<T>(this PropertyBuilder<T> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonbDocument<T>.Write(v),
            v => JsonbDocument<T>.Read(v),
            new ValueComparer<T>(
                (a, b) => JsonbDocument<T>.Write(a!) == JsonbDocument<T>.Write(b!),
                v => JsonbDocument<T>.Write(v).GetHashCode(),
                v => JsonbDocument<T>.Read(JsonbDocument<T>.Write(v))));
}

/// <summary>Kept apart from the lambdas above because EF needs them as expression trees.</summary>
public static class JsonbDocument<T>
{
    public static string Write(T value) => JsonSerializer.Serialize(value, LeadDialerJson.Options);

    public static T Read(string json) => JsonSerializer.Deserialize<T>(json, LeadDialerJson.Options)!;
}
