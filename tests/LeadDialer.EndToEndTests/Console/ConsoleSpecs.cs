using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadDialer.EndToEndTests.WebConsole;

/// <summary>
/// The web console in headless Chromium, through the real gateway, doing the seed guide's tasks.
/// Each test leaves a screenshot in .artifacts/screenshots/.
/// </summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class ConsoleSpecs(LeadDialerSystem system)
{
    static readonly LocatorAssertionsToHaveTextOptions CallTime = new() { Timeout = 60_000 };

    [Fact]
    public async Task Should_let_in_only_an_accepted_API_key_and_sign_out()
    {
        await using var session = await ConsoleSession.Open(system, "sign-in");
        var page = session.Page;

        // Nothing is reachable without signing in: the console sends you to the sign-in page.
        await page.GotoAsync("/settings/calling");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));

        await session.SignIn("not-a-key");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That API key was not accepted");

        await session.SignIn(LeadDialerSystem.ApiKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Live", new() { Exact = true })).ToBeVisibleAsync();
        await session.Screenshot();

        // Readable at phone width: the table stacks its cells, the menu still opens.
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Toggle the menu" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Exact = true })).ToBeInViewportAsync();
        await session.Screenshot("leads-phone-width");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to LeadDialer" })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
    }

    [Fact]
    public async Task Should_show_a_read_only_key_no_action_that_changes_data_and_refuse_a_key_that_cannot_read()
    {
        var lead = await system.AddLead("(212) 555-1234", "Read Only View");
        var reader = (string)(await system.IssueKey("console-reader"))["key"]!;

        await using (var session = await ConsoleSession.Open(system, "read-only-key"))
        {
            var page = session.Page;
            await session.SignIn(reader);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Exact = true })).ToBeVisibleAsync();
            await Expect(page.Locator("#read-only")).ToHaveTextAsync("Read only");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add Leads", Exact = true })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add Lead", Exact = true })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true })).ToBeVisibleAsync();

            await page.GotoAsync($"/leads/{lead["id"]}");
            await Expect(page.Locator("#lead-status")).ToHaveTextAsync("Permanent Error");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToHaveCountAsync(0);

            await page.GotoAsync("/settings/calling");
            await Expect(page.GetByText("Your API key may only read these settings.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);

            await page.GotoAsync("/add-leads");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed with this key" })).ToBeVisibleAsync();
            await session.Screenshot();
        }

        // The same screen with a key that may write has them: the checks above look for what exists.
        await using (var writer = await ConsoleSession.SignedIn(system, "read-only-key-control"))
        {
            await writer.Page.GotoAsync($"/leads/{lead["id"]}");
            await Expect(writer.Page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" })).ToBeVisibleAsync();
            await Expect(writer.Page.Locator("#read-only")).ToHaveCountAsync(0);
        }

        var keysOnly = (string)(await system.IssueKey("console-keys-only", ["admin"]))["key"]!;
        await using var refused = await ConsoleSession.Open(system, "keys-only-key");
        await refused.SignIn(keysOnly);
        await Expect(refused.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("may not read leads");
    }

    [Fact]
    public async Task Should_add_a_lead_and_show_it_Finished_without_reloading()
    {
        await using var session = await ConsoleSession.SignedIn(system, "add-lead-finished");
        var page = session.Page;
        await MarkDocument(page);
        var phone = LeadDialerSystem.Number("00");

        await session.Navigate("Add Leads");
        await page.GetByLabel("Name").FillAsync("Grace Hopper");
        await page.GetByLabel("Phone").FillAsync(phone);
        await page.GetByLabel("Email").FillAsync("grace@example.com");
        await page.GetByLabel("job_title (text)").FillAsync("Rear Admiral");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        // The details panel follows the lead over /api/events: Ready to Call → Call Active → Finished.
        await Expect(page.Locator("#lead-status")).ToHaveTextAsync("Finished", CallTime);
        await Expect(page.GetByText("Person answered", new() { Exact = true })).ToBeVisibleAsync();

        // And the leads table shows it Finished too, still in the same document.
        await session.Navigate("Leads");
        await page.GetByLabel("Search leads").FillAsync(phone);
        await Expect(page.Locator("#leads-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#leads-table tbody tr").First).ToContainTextAsync("Finished");
        await AssertNotReloaded(page);
        await session.Screenshot();
    }

    [Fact]
    public async Task Should_fix_a_Permanent_Error_leads_phone_and_reactivate_it()
    {
        var lead = await system.AddLead("(212) 555-1234", "Bad Number");
        Assert.Equal("failed", (string?)lead["status"]);
        await using var session = await ConsoleSession.SignedIn(system, "fix-and-reactivate");
        var page = session.Page;

        await page.GotoAsync($"/leads/{lead["id"]}");
        await Expect(page.Locator("#lead-status")).ToHaveTextAsync("Permanent Error");
        await Expect(page.Locator("#last-error")).ToContainTextAsync("Invalid phone number format");
        await Expect(page.Locator("#last-error")).ToContainTextAsync("How to fix");
        await session.Screenshot();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var fixedPhone = LeadDialerSystem.Number("00");
        await page.GetByLabel("Phone").FillAsync(fixedPhone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.Locator("#lead-phone-value")).ToHaveTextAsync(fixedPhone);
        await Expect(page.Locator("#lead-status")).ToHaveTextAsync("Permanent Error");

        await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Expect(page.Locator("#lead-status")).ToHaveTextAsync("Finished", CallTime);
        Assert.Equal(1, await system.CallsTo(fixedPhone));
    }

    [Fact]
    public async Task Should_show_the_error_next_to_a_retry_delay_of_200_hours()
    {
        await using var session = await ConsoleSession.SignedIn(system, "retry-delay-200-hours");
        var page = session.Page;

        await session.Navigate("Calling Configuration");
        // The window actually dialled, next to the configured one (the fixture overrides the hard limit).
        await Expect(page.Locator("#effective-window")).ToContainTextAsync("dialled 00:00–24:00 local; compliance limit 08:00–21:00 overridden");
        var delay = page.GetByLabel("Retry delay (hours)");
        await delay.FillAsync("200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page.GetByText("Retry delay must be between 1 and 168 hours (7 days); got 200.")).ToBeVisibleAsync();
        await Expect(delay).ToHaveAttributeAsync("aria-invalid", "true");
        var stored = await system.Gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/settings/calling");
        Assert.NotEqual(200, (int)stored!["retryDelayHours"]!);
    }

    [Fact]
    public async Task Should_answer_the_throughput_calculator()
    {
        await using var session = await ConsoleSession.SignedIn(system, "throughput-calculator");
        var page = session.Page;

        await session.Navigate("Quick Reference");
        await page.GetByLabel("Concurrent calls").FillAsync("10");
        await page.GetByLabel("Average call (seconds)").FillAsync("90");
        await page.GetByLabel("Leads", new() { Exact = true }).FillAsync("5000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Calculate" }).ClickAsync();

        // 10 slots, each turning over every 90 s: 400 calls an hour.
        await Expect(page.Locator("[data-figure='Calls per hour']")).ToHaveTextAsync("400");
        await Expect(page.Locator("#throughput-result")).ToContainTextAsync("Limit that sets the pace");
        // The fixture dials around the clock every day: 5,000 leads at 400 calls/h take under a day per round.
        await Expect(page.Locator("[data-figure='Calling days']")).Not.ToHaveTextAsync("0");
        await Expect(page.Locator("#throughput-window")).ToContainTextAsync("dialled 00:00–24:00 local");

        // Batches of 5 every 60 s start only 300 calls an hour: dispatch binds.
        await page.GetByLabel("Batch size").FillAsync("5");
        await page.GetByLabel("Batch interval (seconds)").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Calculate" }).ClickAsync();
        await Expect(page.Locator("[data-figure='Calls per hour']")).ToHaveTextAsync("300");
        await Expect(page.Locator("#throughput-result")).ToContainTextAsync("Dispatch binds");
    }

    [Fact]
    public async Task Should_import_a_CSV_through_the_wizard_with_a_remapped_column_and_show_the_review_counts()
    {
        var (first, second) = (LeadDialerSystem.Number("00"), LeadDialerSystem.Number("00"));
        var csv = string.Join("\r\n",
            "Full Name,Mobile,E-mail,Role",
            $"Ada One,{first},ada1@example.com,Engineer",
            $"Ada Two,{second},ada2@example.com,Analyst",
            "Ada Three,12345,ada3@example.com,Clerk",
            $"Ada Four,{first},ada4@example.com,Engineer") + "\r\n";
        await using var session = await ConsoleSession.SignedIn(system, "import-wizard");
        var page = session.Page;

        await session.Navigate("Import CSV");
        // A file chosen before Blazor's InputFile has attached its change listener would be lost;
        // its init marks the element (a condition, not a sleep).
        await page.WaitForFunctionAsync("() => document.querySelector('#csv-file')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("#csv-file").SetInputFilesAsync(new FilePayload { Name = "leads.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });

        // Map your columns: the suggestion is filled in (Mobile → phone); "Role" is remapped to the custom field.
        await Expect(page.GetByLabel("Map column Mobile")).ToHaveValueAsync("phone");
        await page.GetByLabel("Map column Role").SelectOptionAsync("custom:job_title");
        await page.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();

        // Review and confirm: counts over the whole file, and sample rows with the remapped column.
        await Expect(page.Locator("[data-figure='Rows']")).ToHaveTextAsync("4");
        await Expect(page.Locator("[data-figure='New leads']")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-figure='Invalid phone (stored as Permanent Error)']")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure='Duplicates in the file']")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "job_title=Analyst" })).ToBeVisibleAsync();
        await session.Screenshot();

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm import" }).ClickAsync();
        await Expect(page.Locator("#import-status")).ToContainTextAsync("Import completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("#import-status")).ToContainTextAsync("4 of 4 rows");
    }

    [Fact]
    public async Task Should_create_custom_fields_from_the_import_wizard_showing_their_names_before_confirming()
    {
        var phone = LeadDialerSystem.Number("00");
        var csv = "Name,Phone,Email,Preferred Product,Seats\r\n" + $"Ada Field,{phone},ada.field@example.com,Heat pumps,12\r\n";
        await using var session = await ConsoleSession.SignedIn(system, "import-wizard-new-fields");
        var page = session.Page;

        await session.Navigate("Import CSV");
        await page.WaitForFunctionAsync("() => document.querySelector('#csv-file')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("#csv-file").SetInputFilesAsync(new FilePayload { Name = "new-fields.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });

        // Every column no lead field takes is offered as a new custom field, its suggested type preselected, its name shown.
        await Expect(page.GetByLabel("Map column Preferred Product")).ToHaveValueAsync("create:text");
        await Expect(page.Locator("[data-new-field='Preferred Product']")).ToContainTextAsync("Creates the custom field preferred_product (text)");
        await Expect(page.GetByLabel("Map column Seats")).ToHaveValueAsync("create:number");
        await Expect(page.Locator("[data-new-field='Seats']")).ToContainTextAsync("seats (number)");
        await Expect(page.GetByLabel("Map column Seats").Locator("option")).ToContainTextAsync(["New custom field (number)", "New custom field (text)", "New custom field (date)", "New custom field (boolean)"]);
        await page.GetByLabel("Map column Seats").SelectOptionAsync(new SelectOptionValue { Label = "New custom field (text)" });
        await Expect(page.Locator("[data-new-field='Seats']")).ToContainTextAsync("seats (text)");
        await session.Screenshot("import-wizard-new-fields-mapping");
        await page.GetByRole(AriaRole.Button, new() { Name = "Review" }).ClickAsync();

        // The review names the fields before anything is created.
        await Expect(page.Locator("#new-custom-fields")).ToContainTextAsync("preferred_product (text, from “Preferred Product”)");
        await Expect(page.Locator("#new-custom-fields")).ToContainTextAsync("seats (text, from “Seats”)");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "preferred_product=Heat pumps, seats=12" })).ToBeVisibleAsync();
        await session.Screenshot("import-wizard-new-fields-review");
        var defined = (await system.Gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/custom-fields"))!;
        Assert.DoesNotContain(defined, f => (string?)f!["name"] is "preferred_product" or "seats");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm import" }).ClickAsync();
        await Expect(page.Locator("#import-status")).ToContainTextAsync("Import completed", new() { Timeout = 60_000 });

        defined = (await system.Gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/custom-fields"))!;
        Assert.Contains(defined, f => (string?)f!["name"] == "preferred_product" && (string?)f["type"] == "text");
        Assert.Contains(defined, f => (string?)f!["name"] == "seats" && (string?)f["type"] == "text");
        var page1 = (await system.Gateway.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/leads?search={Uri.EscapeDataString(phone)}"))!;
        var lead = page1["items"]!.AsArray().Single(l => (string?)l!["phone"] == phone)!;
        Assert.Equal("Heat pumps", (string?)lead["customFields"]!["preferred_product"]);
        Assert.Equal("12", (string?)lead["customFields"]!["seats"]);
    }

    /// <summary>A mark on the window that a reload would wipe out.</summary>
    static Task MarkDocument(IPage page) => page.EvaluateAsync("() => { window.__sameDocument = true; }");

    static async Task AssertNotReloaded(IPage page) => Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page was reloaded.");
}
