using System.Text;
using LeadDialer.Import;
using LeadDialer.Import.Data;
using LeadDialer.Import.Leads;
using LeadDialer.Import.Running;
using LeadDialer.Leads.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadDialer.IntegrationTests;

/// <summary>
/// A confirmed import that stops mid-way (a crash before a batch is written, or after it is
/// written but before its checkpoint) continues where it stopped: every lead exactly once, every
/// hand-over message exactly once, and the same counts as an import that never stopped.
/// </summary>
public sealed class ImportResumeSpecs : IAsyncLifetime
{
    const int Rows = 25;
    const int BatchSize = 10;

    TestDatabase _leads = null!;
    TestDatabase _imports = null!;
    ServiceProvider _services = null!;
    string _file = null!;

    public async Task InitializeAsync()
    {
        _leads = await TestDatabase.Create("import_leads");
        _imports = await TestDatabase.Create("import_jobs");
        _services = new ServiceCollection()
            .AddDbContext<LeadsDbContext>(o => o.UseNpgsql(_leads.ConnectionString).UseSnakeCaseNamingConvention())
            .AddDbContext<ImportDbContext>(o => o.UseNpgsql(_imports.ConnectionString).UseSnakeCaseNamingConvention())
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LeadsDbContext>().Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<ImportDbContext>().Database.MigrateAsync();

        // 25 rows: row 7 repeats row 2's phone, row 13 has a bad phone, row 20 has no email.
        var csv = new StringBuilder("Name,Phone,Email\r\n");
        for (var i = 0; i < Rows; i++)
        {
            var phone = i switch { 5 => "+12122004567", 11 => "12345", _ => $"+1212{200 + i}4567" };
            csv.Append($"Lead {i},{phone},{(i == 18 ? "" : $"lead{i}@example.com")}\r\n");
        }

        _file = Path.Combine(Path.GetTempPath(), $"import-resume-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(_file, csv.ToString());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _leads.DisposeAsync();
        await _imports.DisposeAsync();
        File.Delete(_file);
    }

    [Theory]
    [InlineData("write")]
    [InlineData("checkpoint")]
    public async Task An_import_stopped_at_a_batch_continues_there_with_no_lead_twice_and_none_lost(string crashBefore)
    {
        var id = await ConfirmedImport();
        await using var leadsSource = NpgsqlDataSource.Create(_leads.ConnectionString);
        await using var importSource = NpgsqlDataSource.Create(_imports.ConnectionString);
        var runner = Runner(leadsSource, importSource);
        var crashed = false;
        runner.CrashPoint = (batch, point) =>
        {
            if (batch == 1 && point == crashBefore && !crashed)
            {
                crashed = true;
                throw new IOException("simulated crash");
            }

            return Task.CompletedTask;
        };

        await Assert.ThrowsAsync<IOException>(() => runner.Run(id, CancellationToken.None));
        var stopped = await Job(id);
        Assert.Equal(ImportStatus.Running, stopped.Status);
        Assert.Equal(1, stopped.NextBatch);

        // A fresh runner, as after a restart.
        await Runner(leadsSource, importSource).Run(id, CancellationToken.None);

        var job = await Job(id);
        Assert.Equal(ImportStatus.Completed, job.Status);
        Assert.Equal(Rows, job.RowsDone);
        Assert.Equal(22, job.Created);
        Assert.Equal(1, job.Failed);
        Assert.Equal(1, job.Rejected);
        Assert.Equal(1, job.DuplicatesInFile);
        Assert.Equal(23L, await _leads.Scalar<long>("SELECT count(*) FROM leads"));
        Assert.Equal(23L, await _leads.Scalar<long>("SELECT count(DISTINCT phone) FROM leads"));
        Assert.Equal("failed", await _leads.Scalar<string>("SELECT status FROM leads WHERE phone = '12345'"));
        // One hand-over message per batch, with every pending lead once.
        Assert.Equal(3L, await _leads.Scalar<long>("SELECT count(*) FROM outbox_messages"));
        Assert.Equal(22L, await _leads.Scalar<long>("SELECT sum(jsonb_array_length(body->'leads')) FROM outbox_messages"));
        Assert.Equal(22L, await _leads.Scalar<long>(
            "SELECT count(DISTINCT l->>'leadId') FROM outbox_messages, jsonb_array_elements(body->'leads') l"));
        Assert.Equal(2L, await _imports.Scalar<long>("SELECT count(*) FROM rejected_rows"));
    }

    async Task<Guid> ConfirmedImport()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ImportDbContext>();
        var now = DateTimeOffset.UtcNow;
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(),
            FileName = "resume.csv",
            StoredPath = _file,
            Encoding = "utf-8",
            Separator = ",",
            Headers = ["Name", "Phone", "Email"],
            Mapping = [new("Name", 0, "name"), new("Phone", 1, "phone"), new("Email", 2, "email")],
            Status = ImportStatus.Running,
            DuplicatePolicy = "skip",
            TotalRows = Rows,
            BatchSize = BatchSize,
            CreatedAt = now,
            UpdatedAt = now,
            StartedAt = now,
        };
        db.Imports.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    async Task<ImportJob> Job(Guid id)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImportDbContext>().Imports.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    ImportRunner Runner(NpgsqlDataSource leads, NpgsqlDataSource imports)
    {
        var leadsDatabase = new LeadsDatabase(leads);
        return new ImportRunner(
            _services.GetRequiredService<IServiceScopeFactory>(),
            imports,
            leadsDatabase,
            new LeadsBulkWriter(leadsDatabase),
            new ImportSignal(),
            TimeProvider.System,
            Options.Create(new ImportOptions { BatchSize = BatchSize }),
            NullLogger<ImportRunner>.Instance);
    }
}
