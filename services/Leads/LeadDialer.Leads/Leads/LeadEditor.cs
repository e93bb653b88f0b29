using LeadDialer.Contracts;
using LeadDialer.Leads.CustomFields;
using LeadDialer.Leads.Data;
using LeadDialer.Leads.Events;
using LeadDialer.Messaging.Outbox;
using LeadDialer.Rules;
using Microsoft.EntityFrameworkCore;

namespace LeadDialer.Leads.Leads;

/// <summary>A lead's standard fields and custom values as given by the API or a bus submission; custom values as text.</summary>
public sealed record LeadInput(
    string? Name,
    string? Phone,
    string? Email,
    string? Company,
    string? Timezone,
    IReadOnlyList<KeyValuePair<string, string?>> CustomFields,
    string? ConsentSource = null,
    DateTimeOffset? ConsentCapturedAt = null);

/// <summary>The result of a change: the lead, or field errors (nothing was stored), or no such lead.</summary>
public sealed record LeadChange(Lead? Lead, IReadOnlyDictionary<string, string[]> Errors, bool Created = false, bool NotFound = false)
{
    public static LeadChange Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    public static readonly LeadChange Missing = new(null, new Dictionary<string, string[]>(), NotFound: true);
}

/// <summary>
/// Adds, edits, reactivates and deletes leads, for the API and for <see cref="SubmitLead"/> alike,
/// so both go through exactly the same rules. Each change and the events it causes are saved in
/// one transaction (outbox).
/// </summary>
public sealed class LeadEditor(LeadsDbContext db, TimeProvider clock, LeadEventWriter events)
{
    public async Task<LeadChange> Add(LeadInput input, string? idempotencyKey, Guid? id, CancellationToken cancellationToken)
    {
        var errors = new AddLeadRequest(input.Name, input.Phone, input.Email, input.Company, input.Timezone, null, input.ConsentSource).Validate();
        var values = CustomFieldRules.CheckValues(input.CustomFields, await db.Definitions(cancellationToken), errors);
        if (idempotencyKey is { Length: > 200 })
        {
            errors["Idempotency-Key"] = ["The Idempotency-Key is longer than 200 characters; use a shorter unique key such as a UUID."];
        }

        if (errors.Count > 0)
        {
            return LeadChange.Invalid(errors);
        }

        if (idempotencyKey is not null && await ByIdempotencyKey(idempotencyKey, cancellationToken) is { } existing)
        {
            return new LeadChange(existing, errors);
        }

        var now = clock.GetUtcNow();
        var phone = input.Phone!.Trim();
        var valid = PhoneNumber.TryParse(phone, out var number, out var phoneError);
        var lead = new Lead
        {
            Id = id ?? Guid.CreateVersion7(now),
            Name = input.Name!.Trim(),
            Phone = valid ? number.E164 : phone,
            PhoneWarning = valid ? number.Warning : phoneError,
            Email = input.Email!.Trim(),
            Company = LeadRules.Optional(input.Company),
            Timezone = LeadRules.Optional(input.Timezone),
            ConsentSource = LeadRules.Optional(input.ConsentSource),
            ConsentCapturedAt = input.ConsentCapturedAt,
            CustomFields = values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!),
            // The guide: "Invalid formats will cause the lead to be marked as failed" — kept, so it can be fixed.
            Status = valid ? LeadStatus.Pending : LeadStatus.Failed,
            LastError = valid ? null : PhoneNumberErrors.InvalidFormat,
            CreatedAt = now,
            UpdatedAt = now,
            IdempotencyKey = idempotencyKey,
        };

        db.Leads.Add(lead);
        if (!valid)
        {
            // The Dialer never hears of this lead, so its status is announced here.
            events.StatusChanged(lead, now);
        }
        else
        {
            db.AddOutboxMessage(new LeadReady(lead.Id, lead.ToDetails()), now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (idempotencyKey is not null && ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same key raced in twice: the other request added the lead.
            db.ChangeTracker.Clear();
            var winner = await ByIdempotencyKey(idempotencyKey, cancellationToken)
                ?? throw new InvalidOperationException($"Idempotency key '{idempotencyKey}' collided, but no lead has it.", ex);
            return new LeadChange(winner, errors);
        }

        return new LeadChange(lead, errors, Created: true);
    }

    /// <summary>Changes the given fields; a new phone must be valid E.164 (an edit never marks a lead failed).</summary>
    public async Task<LeadChange> Update(Guid id, LeadPatch patch, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return LeadChange.Missing;
        }

        var errors = new Dictionary<string, string[]>();
        if (patch.Name.IsSet)
        {
            LeadRules.CheckName(patch.Name.Value ?? string.Empty, required: true, errors);
        }

        if (patch.Email.IsSet)
        {
            LeadRules.CheckEmail(patch.Email.Value ?? string.Empty, required: true, errors);
        }

        PhoneNumber? phone = null;
        if (patch.Phone.IsSet)
        {
            if (PhoneNumber.TryParse(patch.Phone.Value, out var number, out var phoneError))
            {
                phone = number;
            }
            else
            {
                errors["phone"] = [PhoneNumber.Refusal(phoneError)];
            }
        }

        if (patch.Company.IsSet)
        {
            LeadRules.CheckCompany(patch.Company.Value, errors);
        }

        if (patch.Timezone.IsSet)
        {
            LeadRules.CheckTimezone(patch.Timezone.Value, errors);
        }

        if (patch.ConsentSource.IsSet)
        {
            LeadRules.CheckConsentSource(patch.ConsentSource.Value, errors);
        }

        var values = CustomFieldRules.CheckValues(patch.CustomFields, await db.Definitions(cancellationToken), errors);
        if (errors.Count > 0)
        {
            return LeadChange.Invalid(errors);
        }

        if (patch.Name.IsSet)
        {
            lead.Name = patch.Name.Value!.Trim();
        }

        if (patch.Email.IsSet)
        {
            lead.Email = patch.Email.Value!.Trim();
        }

        if (phone is { } newPhone)
        {
            lead.Phone = newPhone.E164;
            lead.PhoneWarning = newPhone.Warning;
        }

        if (patch.Company.IsSet)
        {
            lead.Company = LeadRules.Optional(patch.Company.Value);
        }

        if (patch.Timezone.IsSet)
        {
            lead.Timezone = LeadRules.Optional(patch.Timezone.Value);
        }

        if (patch.ConsentSource.IsSet)
        {
            lead.ConsentSource = LeadRules.Optional(patch.ConsentSource.Value);
        }

        if (patch.ConsentCapturedAt.IsSet)
        {
            lead.ConsentCapturedAt = patch.ConsentCapturedAt.Value;
        }

        if (values.Count > 0)
        {
            var merged = new Dictionary<string, string>(lead.CustomFields);
            foreach (var (name, value) in values)
            {
                if (value is null)
                {
                    merged.Remove(name);
                }
                else
                {
                    merged[name] = value;
                }
            }

            lead.CustomFields = merged;
        }

        var now = clock.GetUtcNow();
        lead.UpdatedAt = now;
        // Until the Dialer has announced the lead its LeadReady may still be on the way, and a
        // LeadUpdated would find no saga; a second LeadReady carries the new details either way.
        if (lead.StatusVersion == 0 && lead.Status != LeadStatus.Failed)
        {
            db.AddOutboxMessage(new LeadReady(lead.Id, lead.ToDetails()), now);
        }
        else
        {
            db.AddOutboxMessage(new LeadUpdated(lead.Id, lead.ToDetails(), now), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new LeadChange(lead, errors);
    }

    /// <summary>The guide's "fix and change status back to pending", for one failed lead.</summary>
    /// <returns>Null when done; else why not (the lead is not failed, or its phone is still invalid).</returns>
    public async Task<(Lead? Lead, string? NotFailed, string? PhoneError)> Reactivate(Guid id, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return (null, null, null);
        }

        var refusal = Reactivate(lead, clock.GetUtcNow());
        if (refusal is not null)
        {
            return refusal.Value.NotFailed ? (lead, refusal.Value.Message, null) : (lead, null, refusal.Value.Message);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (lead, null, null);
    }

    /// <summary>Reactivates every failed lead whose last error has this reason, in batches; leads whose phone is still invalid are skipped.</summary>
    public async Task<(int Reactivated, int StillInvalid)> ReactivateAll(string reason, CancellationToken cancellationToken)
    {
        var (reactivated, invalid) = (0, 0);
        var after = Guid.Empty;
        while (true)
        {
            var ids = await db.Database.SqlQuery<Guid>(
                    $"SELECT id AS \"Value\" FROM leads WHERE status = 'failed' AND last_error->>'reason' = {reason} AND id > {after} ORDER BY id LIMIT 500")
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return (reactivated, invalid);
            }

            var batch = await db.Leads.Where(l => ids.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(cancellationToken);

            var now = clock.GetUtcNow();
            foreach (var lead in batch)
            {
                if (Reactivate(lead, now) is null)
                {
                    reactivated++;
                }
                else
                {
                    invalid++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            after = ids[^1];
        }
    }

    public async Task<bool> Delete(Guid id, CancellationToken cancellationToken)
    {
        var lead = await db.Leads.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LeadCalls.Where(c => c.LeadId == id).ExecuteDeleteAsync(cancellationToken);
        db.Leads.Remove(lead);
        db.AddOutboxMessage(new LeadDeleted(id, now), now);
        events.Deleted(id, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    Task<Lead?> ByIdempotencyKey(string key, CancellationToken cancellationToken) =>
        db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.IdempotencyKey == key, cancellationToken);

    (bool NotFailed, string Message)? Reactivate(Lead lead, DateTimeOffset now)
    {
        if (lead.Status != LeadStatus.Failed)
        {
            return (true, $"The lead is {lead.Status}, not failed: only failed leads are changed back to pending.");
        }

        if (!PhoneNumber.TryParse(lead.Phone, out var number, out var phoneError))
        {
            return (false, $"'{lead.Phone}' is still not a valid E.164 phone number ({phoneError}). Fix it first with PATCH /api/leads/{lead.Id} {{\"phone\": \"{PhoneNumber.Example}\"}}, then reactivate. {PhoneNumberErrors.Hint}");
        }

        // A lead the Dialer never announced (failed on its phone when added) has no saga: it is
        // handed over as new. Otherwise the saga moves its failed lead back to pending.
        var announced = lead.StatusVersion > 0;
        lead.Phone = number.E164;
        lead.PhoneWarning = number.Warning;
        lead.Status = LeadStatus.Pending;
        lead.Attempts = 0;
        lead.LastError = null;
        lead.LastOutcome = null;
        lead.NextRetryAt = null;
        lead.UpdatedAt = now;
        if (announced)
        {
            db.AddOutboxMessage(new LeadReactivated(lead.Id, lead.ToDetails(), now), now);
        }
        else
        {
            db.AddOutboxMessage(new LeadReady(lead.Id, lead.ToDetails()), now);
        }

        return null;
    }
}
