using LeadDialer.Contracts;
using LeadDialer.Contracts.CustomFields;
using LeadDialer.Contracts.Errors;
using LeadDialer.Leads.Calls;
using LeadDialer.Leads.CustomFields;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Events;
using LeadDialer.Leads.Leads;
using LeadDialer.Leads.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadDialer.IntegrationTests.Leads;

/// <summary>Adding, fixing, reactivating and deleting leads on PostgreSQL, with the messages each change leaves in the outbox.</summary>
public sealed class LeadEditorSpecs : IAsyncLifetime
{
    static readonly LeadInput Ada = new("Ada Lovelace", "+12125551234", "ada@example.com", null, "Europe/London", [new("job_title", "CTO")]);
    LeadsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeadsHost.Start("leads_editor", x => x.AddConsumer<SubmitLeadConsumer>());
        await _host.Db(async db =>
        {
            db.CustomFields.Add(new CustomField { Name = "job_title", Type = CustomFieldTypes.Text, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task When_the_same_idempotency_key_comes_twice_Should_add_one_lead()
    {
        var first = await Edit(e => e.Add(Ada, "key-1", null, default));
        var second = await Edit(e => e.Add(Ada with { Name = "Someone Else" }, "key-1", null, default));

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Lead!.Id, second.Lead!.Id);
        Assert.Equal(1, await _host.Db(db => db.Leads.CountAsync()));
        Assert.Equal([typeof(LeadReady).FullName!], await _host.OutboxTypes());
    }

    [Fact]
    public async Task When_a_lead_added_with_a_malformed_phone_is_fixed_and_reactivated_Should_hand_it_to_the_Dialer_as_new()
    {
        var added = await Edit(e => e.Add(Ada with { Phone = "01977317066" }, null, null, default));
        Assert.Equal(LeadStatus.Failed, added.Lead!.Status);
        Assert.Equal(1, await _host.Db(db => db.LeadEvents.CountAsync(e => e.LeadId == added.Lead.Id && e.Status == LeadStatus.Failed)));

        // Stored with the catalogue's fix; no provider was asked, so no provider message. The details show the stored fix.
        var error = (await Stored(added.Lead.Id)).LastError!;
        Assert.Equal(new LeadError(ErrorKind.Permanent, "Invalid phone number format", null, GuideErrors.InvalidPhoneNumberFormat.Fix), error);
        Assert.StartsWith("Fix phone number format (must be E.164: +countrycode+number).", error.Fix);
        Assert.Equal(error.Fix, LeadResponse.From(await Stored(added.Lead.Id)).LastError!.HowToFix);

        var refused = await Edit(e => e.Reactivate(added.Lead.Id, default));
        Assert.Contains("still not a valid E.164", refused.PhoneError);

        var badFix = await Edit(e => e.Update(added.Lead.Id, Patch("""{"phone": "(212) 555-1234"}"""), default));
        Assert.Contains("E.164", badFix.Errors["phone"][0]);
        Assert.Equal("01977317066", (await Stored(added.Lead.Id)).Phone);

        await Edit(e => e.Update(added.Lead.Id, Patch("""{"phone": "+8801977317066"}"""), default));
        var done = await Edit(e => e.Reactivate(added.Lead.Id, default));

        Assert.Null(done.NotFailed);
        Assert.Null(done.PhoneError);
        var stored = await Stored(added.Lead.Id);
        Assert.Equal(LeadStatus.Pending, stored.Status);
        Assert.Null(stored.LastError);
        Assert.Equal([typeof(LeadUpdated).FullName!, typeof(LeadReady).FullName!], await _host.OutboxTypes());
    }

    [Fact]
    public async Task When_a_lead_the_Dialer_failed_is_reactivated_Should_ask_the_saga_and_refuse_a_lead_that_is_not_failed()
    {
        var added = await Edit(e => e.Add(Ada, null, null, default));
        var id = added.Lead!.Id;
        await _host.Db(db => db.Leads.Where(l => l.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.Status, LeadStatus.Failed)
            .SetProperty(l => l.StatusVersion, 3)
            .SetProperty(l => l.Attempts, 1)
            .SetProperty(l => l.LastError, new LeadError(ErrorKind.Permanent, "Phone number does not exist", "invalid_destination"))));

        // Stored before errors carried their fix: the details fall back to the catalogue's for the reason.
        Assert.Equal(GuideErrors.PhoneNumberDoesNotExist.Fix, LeadResponse.From(await Stored(id)).LastError!.HowToFix);

        var done = await Edit(e => e.Reactivate(id, default));
        var again = await Edit(e => e.Reactivate(id, default));

        Assert.Null(done.NotFailed);
        Assert.Contains("pending, not failed", again.NotFailed);
        var stored = await Stored(id);
        Assert.Equal(LeadStatus.Pending, stored.Status);
        Assert.Equal(0, stored.Attempts);
        Assert.Equal(3, stored.StatusVersion);
        Assert.Equal([typeof(LeadReady).FullName!, typeof(LeadReactivated).FullName!], await _host.OutboxTypes());
    }

    [Fact]
    public async Task When_failed_leads_are_reactivated_by_reason_Should_take_only_that_reason_and_skip_invalid_phones()
    {
        var ids = new List<Guid>();
        foreach (var (phone, reason) in new[] { ("+12125551234", "Phone number does not exist"), ("+447911123456", "Phone number does not exist"), ("0123", "Phone number does not exist"), ("+12125551235", "Agent or assistant not found") })
        {
            var lead = (await Edit(e => e.Add(Ada with { Phone = phone }, null, null, default))).Lead!;
            await _host.Db(db => db.Leads.Where(l => l.Id == lead.Id).ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Status, LeadStatus.Failed).SetProperty(l => l.StatusVersion, 2)
                .SetProperty(l => l.LastError, new LeadError(ErrorKind.Permanent, reason, null))));
            ids.Add(lead.Id);
        }

        var (reactivated, invalid) = await Edit(e => e.ReactivateAll("Phone number does not exist", default));

        Assert.Equal((2, 1), (reactivated, invalid));
        Assert.Equal([LeadStatus.Pending, LeadStatus.Pending, LeadStatus.Failed, LeadStatus.Failed], await Task.WhenAll(ids.Select(async id => (await Stored(id)).Status)));
    }

    [Fact]
    public async Task When_a_lead_is_deleted_Should_remove_it_and_its_calls_and_tell_the_Dialer()
    {
        var id = (await Edit(e => e.Add(Ada, null, null, default))).Lead!.Id;
        await _host.Db(async db =>
        {
            db.LeadCalls.Add(new LeadCall { CallAttemptId = Guid.NewGuid(), LeadId = id, Attempt = 1, Provider = "retell", RecordedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        Assert.True(await Edit(e => e.Delete(id, default)));
        Assert.False(await Edit(e => e.Delete(id, default)));

        Assert.False(await _host.Db(db => db.Leads.AnyAsync(l => l.Id == id)));
        Assert.False(await _host.Db(db => db.LeadCalls.AnyAsync(c => c.LeadId == id)));
        Assert.Equal(1, await _host.Db(db => db.LeadEvents.CountAsync(e => e.LeadId == id && e.Type == LeadEventTypes.Deleted)));
        Assert.Equal([typeof(LeadReady).FullName!, typeof(LeadDeleted).FullName!], await _host.OutboxTypes());
    }

    [Fact]
    public async Task When_an_invalid_lead_is_submitted_on_the_bus_Should_store_nothing_and_answer_with_the_errors()
    {
        await _host.Bus.Bus.Publish(new SubmitLead("sub-1", null, "Ada", "+12125551234", "ada@", CustomFields: new Dictionary<string, string?> { ["shoe_size"] = "44" }));
        await _host.Bus.Bus.Publish(new SubmitLead("sub-2", null, "Ada", "+12125551234", "ada@example.com", CustomFields: new Dictionary<string, string?> { ["job_title"] = "CTO" }));
        await _host.Bus.Consumed.WaitFor<SubmitLead>(2);

        Assert.Equal(0, _host.Bus.Consumed.Faults);
        var lead = await _host.Db(db => db.Leads.AsNoTracking().SingleAsync());
        Assert.Equal("bus:sub-2", lead.IdempotencyKey);
        Assert.Equal("CTO", lead.CustomFields["job_title"]);
        string[] expected = [typeof(LeadSubmissionRejected).FullName!, typeof(LeadReady).FullName!, typeof(LeadSubmissionAccepted).FullName!];
        Assert.Equal(expected.Order(), (await _host.OutboxTypes()).Order());
        var rejection = await _host.Db(db => db.Database.SqlQuery<string>($"SELECT body::text AS \"Value\" FROM outbox_messages WHERE message_type = {typeof(LeadSubmissionRejected).FullName}").SingleAsync());
        Assert.Contains("name@example.com", rejection);
        Assert.Contains("customFields.shoe_size", rejection);
    }

    [Fact]
    public async Task When_a_known_lead_is_submitted_on_the_bus_Should_update_it_through_the_same_rules()
    {
        var id = (await Edit(e => e.Add(Ada, null, null, default))).Lead!.Id;

        await _host.Bus.Bus.Publish(new SubmitLead("sub-3", id, "Ada King", null, null, CustomFields: new Dictionary<string, string?> { ["job_title"] = null }));
        await _host.Bus.Consumed.WaitFor<SubmitLead>(1);
        await _host.Bus.Bus.Publish(new SubmitLead("sub-4", id, null, "212-555-1234", null));
        await _host.Bus.Consumed.WaitFor<SubmitLead>(2);

        Assert.Equal(0, _host.Bus.Consumed.Faults);
        var stored = await Stored(id);
        Assert.Equal("Ada King", stored.Name);
        Assert.Equal("+12125551234", stored.Phone);
        Assert.Equal("ada@example.com", stored.Email);
        Assert.False(stored.CustomFields.ContainsKey("job_title"));
        // Not yet announced by the Dialer: the new details go as a second LeadReady, which a saga that exists takes as an update.
        string[] expected = [typeof(LeadReady).FullName!, typeof(LeadReady).FullName!, typeof(LeadSubmissionAccepted).FullName!, typeof(LeadSubmissionRejected).FullName!];
        Assert.Equal(expected.Order(), (await _host.OutboxTypes()).Order());
    }

    Task<T> Edit<T>(Func<LeadEditor, Task<T>> action) => _host.With(sp => action(sp.GetRequiredService<LeadEditor>()));

    Task<Lead> Stored(Guid id) => _host.Db(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == id));

    static LeadPatch Patch(string json)
    {
        var errors = new Dictionary<string, string[]>();
        var patch = LeadPatch.Parse(System.Text.Json.JsonDocument.Parse(json).RootElement, errors);
        Assert.Empty(errors);
        return patch;
    }
}
