using System.Text.Json;
using CsvHelper;
using LeadDialer.Contracts;
using LeadDialer.Contracts.CustomFields;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Import.Data;
using LeadDialer.Import.Rows;
using LeadDialer.Leads.CustomFields;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Leads;
using LeadDialer.Leads.Submissions;
using LeadDialer.Rules;
using LeadDialer.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadDialer.IntegrationTests.Leads;

/// <summary>
/// One set of lead rules (issue 15): the same phones and custom field values through every way a
/// lead comes in — "Add Lead" and editing (the API's <see cref="LeadEditor"/>), <see cref="SubmitLead"/>
/// on the bus, a CSV import's <see cref="RowReader"/>, the do-not-call list — get the same verdict
/// and the same message. Leads on PostgreSQL; the import row and the do-not-call check are pure.
/// </summary>
public sealed class LeadRulesSpecs(LeadRulesSpecs.Paths paths) : IClassFixture<LeadRulesSpecs.Paths>
{
    public enum Verdict
    {
        Accepted,
        AcceptedWithWarning,
        Failed,
    }

    static readonly Dictionary<string, string> Fields = new()
    {
        ["job_title"] = CustomFieldTypes.Text,
        ["deal_size"] = CustomFieldTypes.Number,
        ["follow_up"] = CustomFieldTypes.Date,
        ["vip"] = CustomFieldTypes.Boolean,
    };

    /// <summary>The phone as written, the verdict, and what the verdict says (the number, the warning or why it fails).</summary>
    public static TheoryData<string, Verdict, string> Phones => new()
    {
        { "+12125551234", Verdict.Accepted, "+12125551234" },
        { "+447911123456", Verdict.Accepted, "+447911123456" },
        { "+15551234567", Verdict.AcceptedWithWarning, "555 numbers" },
        { "+1234567890", Verdict.Failed, "'+1234567890' has 9 digits after the country code +1; numbers of +1 (US) have 10" },
        { "2125551234", Verdict.Failed, "does not start with + and the country code" },
        { "+1 212-555-1234", Verdict.Failed, "characters other than digits after the +" },
        { "(212) 555-1234", Verdict.Failed, "does not start with + and the country code" },
    };

    /// <summary>A field, a value as written, and the value stored (null: refused).</summary>
    public static TheoryData<string, string, string?> Values => new()
    {
        { "job_title", "CTO", "CTO" },
        { "deal_size", "1250.50", "1250.50" },
        { "deal_size", "-7", "-7" },
        { "deal_size", "1e3", null },
        { "deal_size", "1,250", null },
        { "deal_size", "lots", null },
        { "follow_up", "2026-11-27", "2026-11-27" },
        { "follow_up", "11/27/2026", "2026-11-27" },
        { "follow_up", "2026-02-30", null },
        { "vip", "yes", "true" },
        { "vip", "0", "false" },
        { "vip", "TRUE", "true" },
        { "vip", "maybe", null },
    };

    [Theory]
    [MemberData(nameof(Phones))]
    public async Task A_phone_gets_the_same_verdict_and_message_on_every_path(string phone, Verdict verdict, string says)
    {
        var valid = PhoneNumber.TryParse(phone, out var number, out var why);
        Assert.Equal(verdict, !valid ? Verdict.Failed : number.Warning is null ? Verdict.Accepted : Verdict.AcceptedWithWarning);
        Assert.Contains(says, valid ? number.Warning ?? number.E164 : why);

        // A new lead: pending with the number in E.164 (and the warning), or failed with the catalogue's reason and why.
        var expected = valid
            ? new Stored(LeadStatus.Pending, number.E164, number.Warning, null)
            : new Stored(LeadStatus.Failed, phone, why, PhoneNumberErrors.Reason);
        Assert.Equal(expected, Stored.Of(await paths.Add(phone, [])));
        Assert.Equal(expected, Stored.Of(await paths.Submit(phone, [])));
        Assert.Equal(expected, Stored.Of(paths.ImportRow(phone, [], region: null)));

        // A change of phone (PATCH, SubmitLead of a known lead) and the do-not-call list: taken in E.164, or refused with the same message.
        var refusal = valid ? null : PhoneNumber.Refusal(why!);
        Assert.Equal(refusal, await paths.EditPhone(phone, valid ? number : null));
        Assert.Equal(refusal, await paths.SubmitPhoneChange(phone, valid ? number : null));
        Assert.Equal(refusal, DoNotCallApi.TryParse(phone, out var listed, out var dncError) ? (listed == number ? null : "another number") : dncError);
    }

    [Fact]
    public void An_import_with_a_default_region_reads_national_numbers_and_still_fails_impossible_ones_saying_why()
    {
        Assert.Equal(new Stored(LeadStatus.Pending, "+12125551234", null, null), Stored.Of(paths.ImportRow("(212) 555-1234", [], region: "US")));
        Assert.True(PhoneNumber.TryParse("+15551234567", out var warned, out _));
        Assert.Equal(new Stored(LeadStatus.Pending, "+15551234567", warned.Warning, null), Stored.Of(paths.ImportRow("(555) 123-4567", [], region: "US")));

        Assert.False(PhoneNumber.TryParse("+1234567890", out _, out var why));
        Assert.Equal(new Stored(LeadStatus.Failed, "+1234567890", why, PhoneNumberErrors.Reason), Stored.Of(paths.ImportRow("+1234567890", [], region: "US")));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_custom_field_value_gets_the_same_verdict_and_message_on_every_path(string field, string text, string? stored)
    {
        var valid = CustomFieldValue.TryParse(Fields[field], text, out var value, out var error);
        Assert.Equal(stored, value);
        KeyValuePair<string, string?>[] values = [new(field, text)];

        if (valid)
        {
            Assert.Equal(stored, Assert.IsType<Lead>(await paths.Add(PhoneNumber.Example, values)).CustomFields[field]);
            Assert.Equal(stored, Assert.IsType<Lead>(await paths.Submit(PhoneNumber.Example, values)).CustomFields[field]);
            Assert.Equal(stored, Assert.IsType<LeadRow>(paths.ImportRow(PhoneNumber.Example, values, region: null)).CustomFields[field]);
            Assert.Equal(stored, Assert.IsType<Lead>(await paths.EditValues(values)).CustomFields[field]);
            return;
        }

        // The API and the bus answer under customFields.{name}; the import names the field in the row's reason.
        Assert.Contains(error!, Refusal(await paths.Add(PhoneNumber.Example, values), field));
        Assert.Contains(error!, Refusal(await paths.Submit(PhoneNumber.Example, values), field));
        Assert.Contains(error!, Refusal(await paths.EditValues(values), field));
        var row = Assert.IsType<LeadRow>(paths.ImportRow(PhoneNumber.Example, values, region: null));
        Assert.Equal(RowKind.Rejected, row.Kind);
        Assert.Contains($"{field} {error}", row.Reason);
    }

    static string Refusal(object answer, string field) =>
        Assert.Single(Assert.IsAssignableFrom<IReadOnlyDictionary<string, string[]>>(answer)[$"customFields.{field}"]);

    /// <summary>What a lead keeps of its phone, from a stored lead or an import row.</summary>
    public sealed record Stored(string Status, string Phone, string? PhoneWarning, string? Reason)
    {
        public static Stored Of(object lead) => lead switch
        {
            Lead l => new(l.Status, l.Phone, l.PhoneWarning, l.LastError?.Reason),
            LeadRow r => new(r.Kind == RowKind.Lead ? LeadStatus.Pending : LeadStatus.Failed, r.Phone, r.PhoneWarning, r.Kind == RowKind.Lead ? null : r.Reason),
            _ => throw new InvalidOperationException($"Not a lead: {lead}"),
        };
    }

    /// <summary>Every entry path, on one migrated Leads database with the SubmitLead consumer on the in-memory bus.</summary>
    public sealed class Paths : IAsyncLifetime
    {
        LeadsHost _host = null!;

        public async Task InitializeAsync()
        {
            _host = await LeadsHost.Start("lead_rules", x => x.AddConsumer<SubmitLeadConsumer>());
            await _host.Db(async db =>
            {
                db.CustomFields.AddRange(Fields.Select(f => new CustomField { Name = f.Key, Type = f.Value, CreatedAt = DateTimeOffset.UtcNow }));
                return await db.SaveChangesAsync();
            });
        }

        public async Task DisposeAsync() => await _host.DisposeAsync();

        /// <returns>The stored lead, or the field errors.</returns>
        public async Task<object> Add(string phone, IReadOnlyList<KeyValuePair<string, string?>> values)
        {
            var change = await Edit(e => e.Add(new LeadInput("Ada Lovelace", phone, "ada@example.com", null, null, values), null, null, default));
            return change.Lead is { } lead ? await Read(lead.Id) : change.Errors;
        }

        /// <returns>The stored lead, or the errors the rejection carried.</returns>
        public async Task<object> Submit(string phone, IReadOnlyList<KeyValuePair<string, string?>> values, Guid? leadId = null)
        {
            var id = Guid.NewGuid().ToString();
            await _host.Bus.Bus.Publish(new SubmitLead(id, leadId, "Ada Lovelace", phone, "ada@example.com", CustomFields: values.ToDictionary()));
            var (type, body) = await Answer(id);
            return type == typeof(LeadSubmissionAccepted).FullName
                ? await Read(JsonSerializer.Deserialize<LeadSubmissionAccepted>(body, LeadDialerJson.Options)!.LeadId)
                : JsonSerializer.Deserialize<LeadSubmissionRejected>(body, LeadDialerJson.Options)!.Errors;
        }

        public object ImportRow(string phone, IReadOnlyList<KeyValuePair<string, string?>> values, string? region)
        {
            MappedColumn[] mapping =
            [
                new("Name", 0, "name"), new("Phone", 1, "phone"), new("Email", 2, "email"),
                .. values.Select((v, i) => new MappedColumn(v.Key, 3 + i, $"custom:{v.Key}", Fields[v.Key])),
            ];
            string[] fields = ["Ada Lovelace", phone, "ada@example.com", .. values.Select(v => v.Value!)];
            using var reader = CsvReader.FromText(
                string.Join(',', mapping.Select(m => m.Column)) + "\r\n" + string.Join(',', fields.Select(Quote)) + "\r\n",
                CsvReaderOptions.Default with { TrimWhitespace = true });
            Assert.True(reader.Read());
            return new RowReader(mapping, region, mapping.Length).Read(reader);
        }

        /// <returns>Null when the lead now has <paramref name="expected"/>; else the phone's validation message.</returns>
        public async Task<string?> EditPhone(string phone, PhoneNumber? expected)
        {
            var id = await NewLead();
            var change = await Edit(e => e.Update(id, Patch(new() { ["phone"] = phone }), default));
            return await Outcome(id, change.Lead is null ? change.Errors : null, expected);
        }

        public async Task<string?> SubmitPhoneChange(string phone, PhoneNumber? expected)
        {
            var id = await NewLead();
            var answer = await Submit(phone, [], id);
            return await Outcome(id, answer as IReadOnlyDictionary<string, string[]>, expected);
        }

        /// <returns>The edited lead, or the field errors.</returns>
        public async Task<object> EditValues(IReadOnlyList<KeyValuePair<string, string?>> values)
        {
            var id = await NewLead();
            var change = await Edit(e => e.Update(id, Patch(new() { ["customFields"] = values.ToDictionary() }), default));
            return change.Lead is null ? change.Errors : await Read(id);
        }

        async Task<string?> Outcome(Guid id, IReadOnlyDictionary<string, string[]>? errors, PhoneNumber? expected)
        {
            var lead = await Read(id);
            if (errors is not null)
            {
                Assert.Equal(PhoneNumber.Example, lead.Phone);
                return Assert.Single(errors["phone"]);
            }

            Assert.Equal((expected?.E164, expected?.Warning), (lead.Phone, lead.PhoneWarning));
            return null;
        }

        async Task<Guid> NewLead() =>
            (await Edit(e => e.Add(new LeadInput("Grace Hopper", PhoneNumber.Example, "grace@example.com", null, null, []), null, null, default))).Lead!.Id;

        async Task<(string Type, string Body)> Answer(string submissionId)
        {
            string[] answers = [typeof(LeadSubmissionAccepted).FullName!, typeof(LeadSubmissionRejected).FullName!];
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var found = await _host.Db(db => db.Database.SqlQuery<string>(
                        $"SELECT message_type || ' ' || body::text AS \"Value\" FROM outbox_messages WHERE message_type = ANY({answers}) AND body->>'submissionId' = {submissionId}")
                    .ToListAsync());
                if (found.Count > 0)
                {
                    var text = Assert.Single(found);
                    return (text[..text.IndexOf(' ')], text[(text.IndexOf(' ') + 1)..]);
                }

                Assert.True(DateTime.UtcNow < deadline, $"SubmitLead {submissionId} was not answered in 30 s.");
                await Task.Delay(20);
            }
        }

        Task<LeadChange> Edit(Func<LeadEditor, Task<LeadChange>> action) => _host.With(sp => action(sp.GetRequiredService<LeadEditor>()));

        Task<Lead> Read(Guid id) => _host.Db(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

        static LeadPatch Patch(Dictionary<string, object?> fields)
        {
            var errors = new Dictionary<string, string[]>();
            var patch = LeadPatch.Parse(JsonSerializer.SerializeToElement(fields), errors);
            Assert.Empty(errors);
            return patch;
        }

        static string Quote(string field) => $"\"{field.Replace("\"", "\"\"")}\"";
    }
}
