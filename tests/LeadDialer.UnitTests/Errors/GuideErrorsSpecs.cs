using System.Text.RegularExpressions;
using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.Dialer.Compliance;
using LeadDialer.Dialer.Saga;
using LeadDialer.ProviderGateway.Agents;
using LeadDialer.ProviderGateway.Calls;
using LeadDialer.ProviderGateway.Retell;
using LeadDialer.ProviderGateway.Vapi;
using LeadDialer.UnitTests.Deploy;
using LeadDialer.UnitTests.Providers;

namespace LeadDialer.UnitTests.Errors;

/// <summary>
/// The error catalogue against the user guide (its copy in docs/guide, parsed here) and against every
/// reason the code produces: each is in the catalogue once, with its kind and the guide's fix.
/// </summary>
public class GuideErrorsSpecs
{
    static readonly string[] Guide = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "guide", "lead-management-user-guide.txt"));

    // ── The guide's words ────────────────────────────────────────────────────

    /// <summary>The rows of the guide's "Error Messages Quick Reference", with the table each is in.</summary>
    internal static List<(ErrorKind Kind, string Reason, string Meaning, string WhatToDo)> QuickReferenceRows()
    {
        var rows = new List<(ErrorKind, string, string, string)>();
        var start = Array.FindIndex(Guide, l => l.Contains("Error Messages Quick Reference"));
        Assert.True(start >= 0, "The guide has no Error Messages Quick Reference.");
        ErrorKind? kind = null;
        foreach (var line in Guide.Skip(start + 1).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0].StartsWith("Permanent Errors", StringComparison.Ordinal) || cells[0].StartsWith("Temporary Errors", StringComparison.Ordinal))
            {
                kind = cells[0].StartsWith('P') ? ErrorKind.Permanent : ErrorKind.Temporary;
            }
            else if (!cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                rows.Add((kind!.Value, cells[0], cells[1], cells[2]));
            }
        }

        return rows;
    }

    public static TheoryData<ErrorSource, string, string, string> SectionHeadings()
    {
        var data = new TheoryData<ErrorSource, string, string, string>();
        foreach (var (source, heading, means, steps) in Sections())
        {
            data.Add(source, heading, means, steps);
        }

        return data;
    }

    /// <summary>
    /// Each error of the guide's "Vapi Provider Errors" and "Retell Provider Errors": its heading, "What it
    /// means" and the text of its "How to fix" / "How to handle" steps (the guide's line breaks inside
    /// steps are an artefact of its export, so steps are compared without white space).
    /// </summary>
    static IEnumerable<(ErrorSource Source, string Heading, string WhatItMeans, string Steps)> Sections()
    {
        string[] categories = ["Phone Number Errors", "Agent Configuration Errors", "API Key Errors", "Network & Server Errors"];
        var vapi = Array.IndexOf(Guide, "Vapi Provider Errors");
        var retell = Array.IndexOf(Guide, "Retell Provider Errors");
        var end = Array.IndexOf(Guide, "General Troubleshooting Steps");
        Assert.True(vapi >= 0 && retell > vapi && end > retell, "The guide's provider sections moved.");

        foreach (var (source, from, to) in new[] { (ErrorSource.Vapi, vapi + 1, retell), (ErrorSource.Retell, retell + 1, end) })
        {
            string? heading = null, means = null;
            List<string>? steps = null;
            for (var i = from; i <= to; i++)
            {
                var line = i < to ? Guide[i].Replace("❌ Permanent", string.Empty, StringComparison.Ordinal) : "\"";
                if (line.StartsWith('"'))
                {
                    if (heading is not null)
                    {
                        yield return (source, heading, means!, string.Concat(steps ?? []));
                    }

                    heading = Heading(line);
                    means = null;
                    steps = null;
                }
                else if (line.StartsWith("What it means: ", StringComparison.Ordinal))
                {
                    means = line["What it means: ".Length..].Trim();
                }
                else if (line is "How to fix:" or "How to handle:")
                {
                    steps = [];
                }
                else if (steps is not null && !categories.Contains(line))
                {
                    steps.Add(line);
                }
            }
        }
    }

    /// <summary><c>"Server error" (5xx codes)</c> → <c>Server error</c>; Retell's two-quote heading stays as written.</summary>
    static string Heading(string line)
    {
        var heading = Regex.Replace(line.Trim(), @"\s*\([^)]*\)$", string.Empty);
        return heading.Count(c => c == '"') == 2 ? heading.Trim('"') : heading;
    }

    static string WithoutBullets(string steps) => Squeeze(Regex.Replace(steps, @"-\s*(?:\d+\.|•)\s*", string.Empty));

    static string Squeeze(string text) => Regex.Replace(text, @"\s+", string.Empty);

    [Fact]
    public void Should_hold_every_row_of_the_guides_quick_reference_word_for_word_in_its_table()
    {
        var rows = QuickReferenceRows();
        Assert.Equal(9, rows.Count);

        foreach (var (kind, reason, meaning, whatToDo) in rows)
        {
            var error = GuideErrors.Find(reason);
            Assert.True(error is not null, $"\"{reason}\" is missing from the catalogue.");
            Assert.Equal(reason, error.Reason);
            Assert.Equal(kind, error.Kind);
            Assert.Equal(new QuickReferenceRow(meaning, whatToDo), error.QuickReference);
        }

        // The console's tables: all the guide's rows, in its order, and nothing else.
        foreach (var kind in new[] { ErrorKind.Permanent, ErrorKind.Temporary })
        {
            Assert.Equal(
                rows.Where(r => r.Kind == kind).Select(r => r.Reason),
                GuideErrors.QuickReference(kind).Select(e => e.Reason));
        }

        Assert.Equal(rows.Count, GuideErrors.All.Count(e => e.QuickReference is not null));
    }

    [Fact]
    public void Should_find_both_provider_sections_of_the_guide()
    {
        var sections = Sections().ToList();
        Assert.Equal(8, sections.Count(s => s.Source == ErrorSource.Vapi));
        Assert.Equal(8, sections.Count(s => s.Source == ErrorSource.Retell));
        Assert.All(sections, s => Assert.False(string.IsNullOrEmpty(s.WhatItMeans), s.Heading));
        Assert.All(sections, s => Assert.False(string.IsNullOrEmpty(s.Steps), s.Heading));
    }

    [Theory]
    [MemberData(nameof(SectionHeadings))]
    public void Should_hold_each_error_of_the_guides_provider_sections_word_for_word(ErrorSource source, string heading, string whatItMeans, string steps)
    {
        var advice = GuideErrors.All.SelectMany(e => e.Advice).Where(a => a.Source == source && a.Heading == heading).ToList();

        var found = Assert.Single(advice);
        Assert.Equal(whatItMeans, found.WhatItMeans);
        Assert.Equal(WithoutBullets(steps), Squeeze(string.Concat(found.Steps)));
    }

    [Fact]
    public void Should_name_each_reason_once_with_a_kind_a_meaning_and_a_fix()
    {
        Assert.Equal(GuideErrors.All.Count, GuideErrors.All.Select(e => e.Reason).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(GuideErrors.All, e =>
        {
            Assert.Same(e, GuideErrors.Find(e.Reason));
            Assert.Same(e, GuideErrors.Find(e.Reason.ToUpperInvariant()));
            Assert.False(string.IsNullOrWhiteSpace(e.WhatItMeans), e.Reason);
            Assert.False(string.IsNullOrWhiteSpace(e.Fix), e.Reason);
            Assert.True(e.Sources != 0, e.Reason);
            Assert.True(e.Advice.Count > 0 || e.QuickReference is not null, e.Reason);
        });
    }

    [Fact]
    public void Should_say_for_a_permanent_error_to_change_the_status_back_to_pending_and_for_a_temporary_one_not()
    {
        Assert.All(GuideErrors.All, e => Assert.Equal(e.Kind == ErrorKind.Permanent, e.Fix.Contains("change the lead's status back to pending", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Phone number not registered in account", "Go to your Vapi dashboard. Buy or register a phone number. Update your agent configuration with the correct phone number ID.")]
    [InlineData("Agent or assistant configuration not found", "Verify the agent ID in your system settings. Check that the agent exists in your Vapi dashboard. Update the configuration with the correct agent ID.")]
    [InlineData("Phone number does not exist", "Verify the phone number is correct. Check if the number has been disconnected. Contact the lead to get a different number.")]
    [InlineData("Phone number not registered", "Register phone number in provider dashboard.")]
    [InlineData("Unknown error", "System retries for safety.")]
    public void Should_fix_with_the_guides_steps(string reason, string steps)
    {
        Assert.StartsWith(steps, GuideErrors.Of(reason).Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_tell_the_user_of_a_paused_agent_to_fix_the_account_and_press_Resume()
    {
        var paused = GuideErrors.AgentPausedBy("API key is invalid or missing", "vapi");

        Assert.Equal(ErrorKind.Temporary, paused.Kind);
        Assert.Equal("Agent paused", paused.Reason);
        Assert.Null(paused.ProviderMessage);
        Assert.Contains("\"API key is invalid or missing\"", paused.Fix, StringComparison.Ordinal);
        Assert.Contains("Check your environment variables (VAPI_API_KEY).", paused.Fix, StringComparison.Ordinal);
        Assert.EndsWith("Then press Resume on the agent in Settings → Agents.", paused.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("retries automatically", paused.Fix, StringComparison.OrdinalIgnoreCase);

        // Stored before, or paused with a reason the catalogue no longer has: still the way out.
        Assert.Contains("press Resume on the agent in Settings → Agents", GuideErrors.AgentPausedBy("Agent not found", "retell").Fix, StringComparison.Ordinal);
        Assert.Contains("press Resume on the agent in Settings → Agents", GuideErrors.AgentPaused.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_tell_to_resume_the_agent_exactly_for_errors_that_pause_it()
    {
        Assert.All(GuideErrors.All, e => Assert.Equal(e.PausesAgent, e.Fix.Contains("press Resume", StringComparison.Ordinal)));

        // ProviderGateway has no such agent: nothing was paused, nothing to resume.
        var missing = GuideErrors.AgentOrAssistantNotFound.FixFor(nameof(ErrorSource.LeadDialer));
        Assert.Contains("Settings → Agents", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("press Resume", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fall_back_to_the_catalogue_for_an_error_stored_without_a_fix()
    {
        Assert.Equal(GuideErrors.PhoneNumberDoesNotExist.Fix, GuideErrors.FixOf(new LeadError(ErrorKind.Permanent, "Phone number does not exist", "invalid_destination")));
        Assert.Equal("mine", GuideErrors.FixOf(new LeadError(ErrorKind.Permanent, "Phone number does not exist", null, "mine")));
        Assert.Equal("Fix the issue, then you can retry manually.", GuideErrors.FixOf(new LeadError(ErrorKind.Permanent, "Something new")));
        Assert.Equal("System retries automatically.", GuideErrors.FixOf(new LeadError(ErrorKind.Temporary, "Something new")));
    }

    // ── Every reason the code produces ───────────────────────────────────────

    static void AssertFromTheCatalogue(LeadError error, string? provider)
    {
        var entry = GuideErrors.Find(error.Reason);
        Assert.True(entry is not null, $"\"{error.Reason}\" is produced but not in the catalogue.");
        Assert.Equal(entry.Kind, error.Kind);
        Assert.Equal(entry.FixFor(provider), error.Fix);
    }

    static readonly int[] StatusCodes = [.. Enumerable.Range(400, 200), 302, 399];

    /// <summary>Every status code with every body the classifier's own specs use: the reasons it gave, each checked against the catalogue.</summary>
    static HashSet<string> ReasonsOf(Func<int, string?, LeadError> classify, TheoryData<int, string, ErrorKind, string> answers, string provider)
    {
        var bodies = answers.Select(row => (string?)row[1]).Append(null).ToList();
        var reasons = new HashSet<string>();
        foreach (var error in StatusCodes.SelectMany(status => bodies.Select(body => classify(status, body))))
        {
            AssertFromTheCatalogue(error, provider);
            reasons.Add(error.Reason);
        }

        return reasons;
    }

    [Fact]
    public void Every_answer_Retells_classifier_gives_is_in_the_catalogue_with_its_fix()
    {
        var reasons = ReasonsOf(RetellErrorClassifier.Classify, RetellErrorClassifierSpecs.RetellAnswers, "retell");
        foreach (var row in ProviderErrorClassifierSpecs.Failures)
        {
            var error = ProviderErrorClassifier.Classify((Exception)row[0]);
            AssertFromTheCatalogue(error, null);
            reasons.Add(error.Reason);
        }

        Assert.Equal(10, reasons.Count);
    }

    [Fact]
    public void Every_answer_Vapis_classifier_gives_is_in_the_catalogue_with_its_fix() =>
        Assert.Equal(10, ReasonsOf(VapiErrorClassifier.Classify, VapiErrorClassifierSpecs.VapiAnswers, "vapi").Count);

    [Theory]
    [InlineData("call.start.error-subscription-wallet-does-not-exist")]
    [InlineData("no_valid_payment")]
    [InlineData("assistant-not-found")]
    [InlineData("sip_routing_error")]
    [InlineData(null)]
    public void A_call_end_that_pauses_the_agent_pauses_it_with_a_catalogue_reason(string? endedReason)
    {
        var reason = PauseOnAccountErrorConsumer.Reason(endedReason);

        Assert.True(GuideErrors.Find(reason) is { PausesAgent: true }, reason);
        Assert.True(ProviderErrorClassifier.IsAccountOrConfigurationError(reason));
    }

    [Theory]
    [InlineData("retell")]
    [InlineData("vapi")]
    public void Every_error_a_call_end_leaves_is_in_the_catalogue_with_its_fix_and_the_providers_words(string provider)
    {
        foreach (var outcome in Enum.GetValues<CallOutcome>())
        {
            var permanent = CallOutcomes.IsPermanent(outcome);
            if (CallOutcomes.ErrorOf(outcome, "ended_reason_x", provider) is { } error)
            {
                AssertFromTheCatalogue(error, provider);
                Assert.Equal("ended_reason_x", error.ProviderMessage);
                Assert.Equal(permanent, error.Kind == ErrorKind.Permanent);
            }
            else
            {
                Assert.False(permanent, outcome.ToString());
            }
        }
    }

    [Fact]
    public void LeadDialers_own_errors_are_the_catalogues_and_claim_nothing_a_provider_said()
    {
        LeadError[] own =
        [
            PhoneNumberErrors.InvalidFormat,
            global::LeadDialer.Import.Leads.LeadErrors.InvalidPhone,
            ComplianceErrors.OnDoNotCallList,
            GuideErrors.CallDidNotReportAnEnd.ToLeadError(),
            GuideErrors.AgentPausedBy("Payment required", "retell"),
        ];

        Assert.All(own, e =>
        {
            Assert.NotNull(GuideErrors.Find(e.Reason));
            Assert.False(string.IsNullOrWhiteSpace(e.Fix));
            Assert.Null(e.ProviderMessage);
        });
        Assert.Equal(GuideErrors.InvalidPhoneNumberFormat.Fix, PhoneNumberErrors.InvalidFormat.Fix);
        Assert.Contains("E.164", PhoneNumberErrors.InvalidFormat.Fix, StringComparison.Ordinal);
    }
}
