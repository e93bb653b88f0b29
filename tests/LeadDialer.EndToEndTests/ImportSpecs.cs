using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LeadDialer.EndToEndTests;

/// <summary>"Import CSV" → "Map your columns" → "Review and confirm" through the gateway, with a file as messy as real ones.</summary>
[Collection(LeadDialerSystemCollection.Name)]
public sealed class ImportSpecs(LeadDialerSystem system)
{
    static ImportSpecs() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task A_messy_windows_1252_semicolon_file_becomes_leads_and_the_valid_ones_are_called()
    {
        // An existing lead whose phone the file repeats: a duplicate against stored leads.
        var existingPhone = LeadDialerSystem.Number("00");
        await system.AddLead(existingPhone, "Existing Lead");

        var answered = LeadDialerSystem.Number("00");          // E.164 as written
        var national = LeadDialerSystem.Number("00");          // written as (212) 5xx-xxxx below
        var nationalWritten = $"({national[2..5]}) {national[5..8]}-{national[8..]}";
        // Too short to be a number anywhere; unique, because other specs in the shared system import bad numbers too.
        var badPhone = Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var csv =
            "Full Name;Mobile;E-mail;Organisation;Job Title\r\n" +
            $"José Müller;{answered};jose@example.com;Café Zürich;CTO\r\n" +
            $"\"Ada\r\nLovelace\";{nationalWritten};ada@example.com;\"Engines; Analytical\";=HYPERLINK(\"x\")\r\n" +
            $"Bad Phone;{badPhone};bad@example.com;Nowhere;\r\n" +
            $"No Email;{LeadDialerSystem.Number("00")};;Nowhere;\r\n" +
            $"Twin;{answered};twin@example.com;Twins;\r\n" +
            $"Already Here;{existingPhone};here@example.com;Here;\r\n";
        var bytes = Encoding.GetEncoding(1252).GetBytes(csv);

        var upload = await Upload(bytes, "crm-export.csv");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = (await upload.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)uploaded["id"]!;
        Assert.Equal("windows-1252", (string?)uploaded["encoding"]);
        Assert.Equal(";", (string?)uploaded["separator"]);
        Assert.Equal(6, (int)uploaded["rows"]!);
        Assert.Equal("José Müller", (string?)uploaded["sampleRows"]![0]![0]);
        var suggested = uploaded["suggestedMapping"]!.AsArray().ToDictionary(s => (string)s!["column"]!, s => (string)s!["target"]!);
        Assert.Equal("name", suggested["Full Name"]);
        Assert.Equal("phone", suggested["Mobile"]);
        Assert.Equal("email", suggested["E-mail"]);
        Assert.Equal("company", suggested["Organisation"]);
        // The system defines the custom field job_title (see LeadDialerSystem): its header is recognised.
        Assert.Equal("custom:job_title", suggested["Job Title"]);

        var mapping = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new
        {
            columns = new Dictionary<string, string> { ["Full Name"] = "name", ["Mobile"] = "phone", ["E-mail"] = "email", ["Organisation"] = "company" },
            defaultRegion = "US",
        });
        Assert.Equal(HttpStatusCode.OK, mapping.StatusCode);

        var preview = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{id}/preview"))!;
        Assert.Equal(6, (int)preview["totalRows"]!);
        Assert.Equal(2, (int)preview["leads"]!);
        Assert.Equal(1, (int)preview["invalidPhones"]!);
        Assert.Equal(1, (int)preview["rejected"]!);
        Assert.Equal(1, (int)preview["duplicatesInFile"]!);
        Assert.Equal(1, (int)preview["duplicatesExisting"]!);
        Assert.Equal(1, (int)preview["rewrittenNumbers"]!);
        var rewrite = preview["samples"]!["rewrittenNumbers"]![0]!;
        Assert.Equal(nationalWritten, (string?)rewrite["original"]);
        Assert.Equal(national, (string?)rewrite["phone"]);
        Assert.Equal(5, (int)preview["samples"]!["rejected"]![0]!["row"]!);
        Assert.Contains("Missing email", (string?)preview["samples"]!["rejected"]![0]!["reason"]);
        Assert.Equal(2, (int)preview["samples"]!["duplicatesInFile"]![0]!["firstRow"]!);

        var confirm = await system.Gateway.PostAsJsonAsync($"/api/imports/{id}/confirm", new { duplicatePolicy = "skip" });
        Assert.Equal(HttpStatusCode.Accepted, confirm.StatusCode);
        var done = await WaitForImport(id, "completed");
        Assert.Equal(6, (int)done["rowsDone"]!);
        Assert.Equal(2, (int)done["created"]!);
        Assert.Equal(1, (int)done["failed"]!);
        Assert.Equal(1, (int)done["rejected"]!);

        // The shared system holds many leads: look each one up by its number.
        var leads = new List<JsonObject>();
        foreach (var phone in new[] { answered, national, badPhone, existingPhone })
        {
            leads.AddRange(await LeadsWithPhone(phone));
        }

        var jose = leads.Single(l => (string?)l["phone"] == answered);
        Assert.Equal("José Müller", (string?)jose["name"]);
        Assert.Equal("Café Zürich", (string?)jose["company"]);
        var ada = leads.Single(l => (string?)l["phone"] == national);
        Assert.Equal("Ada Lovelace", (string?)ada["name"]);
        Assert.Equal("Engines; Analytical", (string?)ada["company"]);
        var bad = leads.Single(l => (string?)l["phone"] == badPhone);
        Assert.Equal("failed", (string?)bad["status"]);
        Assert.Equal("Invalid phone number format", (string?)bad["lastError"]!["reason"]);
        Assert.Single(leads, l => (string?)l["phone"] == existingPhone);

        // The pending ones are handed to the Dialer in a batch and called; the simulator answers.
        await system.WaitForStatus((string)jose["id"]!, "completed", TimeSpan.FromSeconds(60));
        await system.WaitForStatus((string)ada["id"]!, "completed", TimeSpan.FromSeconds(60));
        Assert.Equal(1, await system.CallsTo(answered));
        Assert.Empty(await system.CallRequestsTo(badPhone));

        var rejected = await system.Gateway.GetStringAsync($"/api/imports/{id}/rejected.csv");
        Assert.Contains("No Email", rejected);
        Assert.Contains("Missing email", rejected);
        Assert.Contains("is already on row 2 of this file", rejected);
        Assert.Contains("already exists (policy: skip)", rejected);
        // The formula in the duplicate row's Job Title reaches no spreadsheet as a formula.
        Assert.DoesNotContain(",=HYPERLINK", rejected);

        var list = (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/imports"))!;
        Assert.Contains(list, i => (string?)i!["id"] == id && (string?)i["status"] == "completed");
    }

    [Fact]
    public async Task Extra_columns_become_new_text_and_number_custom_fields_on_the_leads_and_in_Retells_variables()
    {
        var (first, second) = (LeadDialerSystem.Number("00"), LeadDialerSystem.Number("00"));
        var csv =
            "Name,Phone,Email,Product Interest,Budget\r\n" +
            $"Ada Extra,{first},ada.extra@example.com,Solar panels,5000\r\n" +
            $"Bob Extra,{second},bob.extra@example.com,Heat pumps,12500.50\r\n";

        var upload = await Upload(Encoding.UTF8.GetBytes(csv), "extra-columns.csv");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = (await upload.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)uploaded["id"]!;
        // Every column no lead field takes is suggested as a new custom field, named and typed.
        var suggested = uploaded["suggestedMapping"]!.AsArray().ToDictionary(s => (string)s!["column"]!, s => s!.AsObject());
        Assert.Equal("create:text", (string?)suggested["Product Interest"]["target"]);
        Assert.Equal("product_interest", (string?)suggested["Product Interest"]["newFieldName"]);
        Assert.Equal("create:number", (string?)suggested["Budget"]["target"]);
        Assert.Equal("budget", (string?)suggested["Budget"]["newFieldName"]);
        Assert.Equal("number", (string?)suggested["Budget"]["newFieldType"]);

        var mapping = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new
        {
            columns = new Dictionary<string, string> { ["Name"] = "name", ["Phone"] = "phone", ["Email"] = "email", ["Product Interest"] = "create:text", ["Budget"] = "create:number" },
        });
        Assert.Equal(HttpStatusCode.OK, mapping.StatusCode);

        // The review names the fields confirming creates; none exists yet.
        var preview = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{id}/preview"))!;
        var created = preview["newCustomFields"]!.AsArray().Select(f => ((string)f!["column"]!, (string)f["name"]!, (string)f["type"]!)).ToArray();
        Assert.Equal(new[] { ("Product Interest", "product_interest", "text"), ("Budget", "budget", "number") }, created);
        Assert.Equal(2, (int)preview["leads"]!);
        Assert.Equal("Solar panels", (string?)preview["samples"]!["leads"]![0]!["customFields"]!["product_interest"]);
        Assert.DoesNotContain(await CustomFields(), f => f.Name is "product_interest" or "budget");

        var confirm = await system.Gateway.PostAsJsonAsync($"/api/imports/{id}/confirm", new { duplicatePolicy = "skip" });
        Assert.Equal(HttpStatusCode.Accepted, confirm.StatusCode);
        var done = await WaitForImport(id, "completed");
        Assert.Equal(2, (int)done["created"]!);
        Assert.Equal(0, (int)done["rejected"]!);

        var fields = await CustomFields();
        Assert.Contains(("product_interest", "text"), fields);
        Assert.Contains(("budget", "number"), fields);

        var ada = (await LeadsWithPhone(first)).Single();
        Assert.Equal("Solar panels", (string?)ada["customFields"]!["product_interest"]);
        Assert.Equal("5000", (string?)ada["customFields"]!["budget"]);
        var bob = (await LeadsWithPhone(second)).Single();
        Assert.Equal("12500.50", (string?)bob["customFields"]!["budget"]);

        // Like any custom field, they reach Retell as dynamic variables.
        await system.WaitForStatus((string)ada["id"]!, "completed", TimeSpan.FromSeconds(60));
        await system.WaitForStatus((string)bob["id"]!, "completed", TimeSpan.FromSeconds(60));
        var variables = (await system.CallRequestsTo(first)).Single()["request"]!["retell_llm_dynamic_variables"]!;
        Assert.Equal("Solar panels", (string?)variables["product_interest"]);
        Assert.Equal("5000", (string?)variables["budget"]);
        variables = (await system.CallRequestsTo(second)).Single()["request"]!["retell_llm_dynamic_variables"]!;
        Assert.Equal("Heat pumps", (string?)variables["product_interest"]);
        Assert.Equal("12500.50", (string?)variables["budget"]);
    }

    [Fact]
    public async Task A_new_custom_field_that_exists_with_another_type_is_refused_and_with_the_same_type_is_used()
    {
        // Letters only: a header with many digits would look like a data row.
        var stage = "Stage " + string.Concat(Guid.NewGuid().ToByteArray()[..8].Select(b => (char)('a' + (b % 26))));
        var field = stage.ToLowerInvariant().Replace(' ', '_');
        var csv = $"Name,Phone,Email,{stage}\r\nAda,{LeadDialerSystem.Number("00")},ada@example.com,Won\r\n";
        var upload = await Upload(Encoding.UTF8.GetBytes(csv), "stage.csv");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var columns = new Dictionary<string, string> { ["Name"] = "name", ["Phone"] = "phone", ["Email"] = "email", [stage] = "create:text" };
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new { columns })).StatusCode);

        // Someone defines the field as a number after the mapping was saved: confirming creates nothing and says why.
        Assert.Equal(HttpStatusCode.Created, (await system.Gateway.PostAsJsonAsync("/api/custom-fields", new { name = field, type = "number" })).StatusCode);
        var refused = await system.Gateway.PostAsJsonAsync($"/api/imports/{id}/confirm", new { duplicatePolicy = "skip" });
        var problem = await AssertProblem(refused, HttpStatusCode.Conflict, "custom-field-type-conflict");
        Assert.Contains($"'{field}' exists as number", (string?)problem["detail"]);
        Assert.Equal("mapped", (string?)(await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{id}"))!["status"]);

        // The mapping now says so up front; create:number uses the existing field.
        var again = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new { columns });
        problem = await AssertProblem(again, HttpStatusCode.BadRequest, "invalid-mapping");
        Assert.Contains("already exists as number", problem["errors"]![$"columns.{stage}"]![0]!.ToString());
        columns[stage] = "create:number";
        var mapped = (await (await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new { columns })).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(mapped["newCustomFields"]!.AsArray());
        Assert.Equal(HttpStatusCode.Accepted, (await system.Gateway.PostAsJsonAsync($"/api/imports/{id}/confirm", new { duplicatePolicy = "skip" })).StatusCode);
        var done = await WaitForImport(id, "completed");
        // "Won" is not a number: the row is rejected with the field's reason, as for any number field.
        Assert.Equal(1, (int)done["rejected"]!);
        Assert.Single(await CustomFields(), f => f.Name == field);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_create_target()
    {
        var document = (await system.Anonymous.GetFromJsonAsync<JsonObject>("/openapi/import.json"))!;
        var put = document["paths"]!["/api/imports/{id}/mapping"]!["put"]!;

        Assert.Contains("create:<type>", (string?)put["summary"]);
        Assert.Contains("create:text|number|date|boolean", (string?)put["description"]);
        Assert.Equal("create:number", (string?)put["requestBody"]!["content"]!["application/json"]!["example"]!["columns"]!["Budget"]);
        var columns = document["components"]!["schemas"]!["MappingRequest"]!["properties"]!["columns"]!;
        Assert.Contains("create:text|number|date|boolean", (string?)columns["description"]);
    }

    [Fact]
    public async Task The_guides_555_number_is_accepted_with_a_warning_and_an_impossible_one_fails_saying_why_by_API_and_by_import()
    {
        // The API: "Add Lead" with the guide's own example numbers.
        var warned = await system.AddLead("+15551234567", "Guide Example");
        Assert.Equal("pending", (string?)warned["status"]);
        Assert.Contains("555 numbers", (string?)warned["phoneWarning"]);
        Assert.Contains("555 numbers", (string?)(await system.GetLead((string)warned["id"]!))["phoneWarning"]);

        var impossible = await system.AddLead("+1234567890", "Nine Digits");
        Assert.Equal("failed", (string?)impossible["status"]);
        Assert.Equal("Invalid phone number format", (string?)impossible["lastError"]!["reason"]);
        Assert.Contains("has 9 digits after the country code +1", (string?)impossible["phoneWarning"]);
        Assert.Contains("has 9 digits after the country code +1", (string?)(await system.GetLead((string)impossible["id"]!))["phoneWarning"]);

        // The import: the same verdicts, the same words (another 555 number: the first is a stored lead now).
        var fictional = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";
        var upload = await Upload(Encoding.UTF8.GetBytes($"Name,Phone,Email\r\nFiction,{fictional},fiction@example.com\r\nShort,+1234567890,short@example.com\r\n"), "guide-numbers.csv");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var mapping = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new { columns = new Dictionary<string, string> { ["Name"] = "name", ["Phone"] = "phone", ["Email"] = "email" } });
        Assert.Equal(HttpStatusCode.OK, mapping.StatusCode);
        var preview = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{id}/preview"))!;
        Assert.Equal(1, (int)preview["leads"]!);
        Assert.Contains("Invalid phone number format: '+1234567890' has 9 digits", (string?)preview["samples"]!["invalidPhones"]![0]!["reason"]);

        Assert.Equal(HttpStatusCode.Accepted, (await system.Gateway.PostAsJsonAsync($"/api/imports/{id}/confirm", new { duplicatePolicy = "skip" })).StatusCode);
        await WaitForImport(id, "completed");
        var imported = Assert.Single(await LeadsWithPhone(fictional));
        // Handed to the Dialer like any pending lead: it may be called already.
        Assert.NotEqual("failed", (string?)imported["status"]);
        Assert.Equal(((string?)warned["phoneWarning"])!.Replace("+15551234567", fictional, StringComparison.Ordinal), (string?)imported["phoneWarning"]);
        var failed = (await LeadsWithPhone("+1234567890")).Single(l => (string?)l["name"] == "Short");
        Assert.Equal("failed", (string?)failed["status"]);
        Assert.Equal("Invalid phone number format", (string?)failed["lastError"]!["reason"]);
        Assert.Equal((string?)impossible["phoneWarning"], (string?)failed["phoneWarning"]);
    }

    [Fact]
    public async Task A_utf8_file_with_a_byte_order_mark_and_tabs_keeps_its_first_column_name()
    {
        var response = await Upload([.. Encoding.UTF8.GetPreamble(), .. "Name\tPhone\tEmail\r\nZoë\t+12125551234\tzoe@example.com\r\n"u8.ToArray()], "tabs.tsv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var uploaded = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("utf-8", (string?)uploaded["encoding"]);
        Assert.Equal("tab", (string?)uploaded["separator"]);
        Assert.Equal("Name", (string?)uploaded["headers"]![0]);
        Assert.Equal("Zoë", (string?)uploaded["sampleRows"]![0]![0]);
        Assert.Equal("name", (string?)uploaded["suggestedMapping"]![0]!["target"]);
    }

    [Fact]
    public async Task The_template_has_the_standard_columns_and_an_example_row()
    {
        var template = await system.Gateway.GetStringAsync("/api/imports/template.csv");
        var lines = template.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Name,Phone,Email,Company,Timezone", lines[0]);
        Assert.StartsWith("Ada Lovelace,+12125551234,ada@example.com", lines[1]);
    }

    public static TheoryData<string, string, byte[]> BadFiles() => new()
    {
        { "empty file", "empty-file", [] },
        { "header only", "no-data-rows", "Name,Phone,Email\r\n"u8.ToArray() },
        { "no header row", "no-header-row", "Ada Lovelace,+12125551234,ada@example.com\r\nBob,+12125551235,bob@example.com\r\n"u8.ToArray() },
        { "duplicate headers", "duplicate-headers", "Name,Phone,Email,phone\r\nAda,+12125551234,ada@example.com,x\r\n"u8.ToArray() },
        { "ragged rows", "ragged-rows", "Name,Phone,Email\r\nAda,+12125551234,ada@example.com\r\nBob,+12125551235,bob@example.com,extra,more\r\n"u8.ToArray() },
        { "unterminated quote", "unterminated-quote", "Name,Phone,Email\r\n\"Ada,+12125551234,ada@example.com\r\nBob,+12125551235,bob@example.com\r\n"u8.ToArray() },
        { "NUL bytes", "nul-bytes", "Name,Phone,Email\r\nAda,+1212\0\05551234,ada@example.com\r\n"u8.ToArray() },
        { "10,000 columns", "too-many-columns", Encoding.ASCII.GetBytes(string.Join(",", Enumerable.Range(1, 10_000).Select(i => $"c{i}")) + "\r\n" + string.Join(",", Enumerable.Range(1, 10_000).Select(i => "x")) + "\r\n") },
        { "binary file", "not-csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4] },
        { "an Excel workbook", "not-csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0, 0, 0, 0x21, 0] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_a_specific_problem_and_nothing_is_stored(string _, string code, byte[] file)
    {
        var before = await ImportCount();

        var response = await Upload(file, "bad.csv");

        await AssertProblem(response, response.StatusCode is HttpStatusCode.UnsupportedMediaType ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.BadRequest, code);
        Assert.Equal(before, await ImportCount());
        Assert.True(system.IsRunning("import"));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_with_413_naming_the_limit()
    {
        var before = await ImportCount();
        var row = "Ada Lovelace,+12125551234,ada@example.com\r\n"u8.ToArray();
        var body = new byte[LeadDialerSystem.MaxUploadBytes + (1024 * 1024)];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = row[i % row.Length];
        }

        // Chunked: the service cannot know the size up front and must count.
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await system.Gateway.SendAsync(request);

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "file-too-large");
        Assert.Contains($"{LeadDialerSystem.MaxUploadBytes:N0} bytes", (string?)problem["detail"]);
        Assert.Equal(before, await ImportCount());
    }

    [Fact]
    public async Task A_2_GB_upload_is_refused_before_it_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = new EndlessContent(2L * 1024 * 1024 * 1024) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.ExpectContinue = true;

        var response = await system.ImportService.SendAsync(request);

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "file-too-large");
        Assert.Contains("Import:MaxUploadBytes", (string?)problem["detail"]);
        Assert.True(system.IsRunning("import"));
    }

    [Fact]
    public async Task A_wrong_mapping_is_refused_column_by_column()
    {
        var id = await UploadGood();

        var twice = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new
        {
            columns = new Dictionary<string, string> { ["Name"] = "name", ["Phone"] = "phone", ["Mobile"] = "phone", ["Email"] = "email" },
        });
        var problem = await AssertProblem(twice, HttpStatusCode.BadRequest, "invalid-mapping");
        Assert.Contains("Only one column can be mapped to phone", problem["errors"]!["columns"]![0]!.ToString());

        var unmapped = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new
        {
            columns = new Dictionary<string, string> { ["Name"] = "name", ["Phone"] = "phone" },
        });
        problem = await AssertProblem(unmapped, HttpStatusCode.BadRequest, "invalid-mapping");
        Assert.Contains("No column is mapped to email", problem["errors"]!["email"]![0]!.ToString());

        var unknown = await system.Gateway.PutAsJsonAsync($"/api/imports/{id}/mapping", new
        {
            columns = new Dictionary<string, string> { ["Name"] = "name", ["Phone"] = "phone", ["Email"] = "email", ["Mobile"] = "custom:no_such_field" },
        });
        problem = await AssertProblem(unknown, HttpStatusCode.BadRequest, "invalid-mapping");
        Assert.Contains("There is no custom field 'no_such_field'", problem["errors"]!["columns.Mobile"]![0]!.ToString());

        // Nothing was stored: the preview still wants a mapping.
        var preview = await system.Gateway.GetAsync($"/api/imports/{id}/preview");
        await AssertProblem(preview, HttpStatusCode.Conflict, "mapping-required");
    }

    async Task<string> UploadGood()
    {
        var response = await Upload("Name,Phone,Mobile,Email\r\nAda,+12125551234,,ada@example.com\r\n"u8.ToArray(), "good.csv");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    Task<HttpResponseMessage> Upload(byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        return system.Gateway.PostAsync("/api/imports", content);
    }

    async Task<IEnumerable<JsonObject>> LeadsWithPhone(string phone)
    {
        var page = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/leads?search={Uri.EscapeDataString(phone)}&limit=500"))!;
        return page["items"]!.AsArray().OfType<JsonObject>().Where(l => (string?)l["phone"] == phone);
    }

    async Task<(string Name, string Type)[]> CustomFields() =>
        (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/custom-fields"))!.Select(f => ((string)f!["name"]!, (string)f["type"]!)).ToArray();

    async Task<int> ImportCount() => (await system.Gateway.GetFromJsonAsync<JsonArray>("/api/imports?limit=500"))!.Count;

    static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, (string?)problem["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"] ?? (string?)problem["title"]));
        return problem;
    }

    async Task<JsonObject> WaitForImport(string id, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonObject import;
        do
        {
            import = (await system.Gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{id}"))!;
            if ((string?)import["status"] == status)
            {
                return import;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Import {id} did not reach '{status}': {import.ToJsonString()}\n--- import log ---\n{system.Log("import")}");
        return import;
    }

    /// <summary>A body that claims a length and would produce it lazily: nothing of it is held in memory.</summary>
    sealed class EndlessContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }
}
