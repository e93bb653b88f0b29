using LeadDialer.Contracts;
using LeadDialer.Contracts.Errors;
using LeadDialer.Dialer.Saga;
using MassTransit;

namespace LeadDialer.UnitTests.Dialer;

/// <summary>
/// Every arrow of the user guide's status-flow diagram, and what the user does to a lead (edit,
/// reactivate, delete), on MassTransit's in-memory test harness: one class per status the lead is
/// in when the message arrives, in the guide's order, as <see cref="LeadStateMachine"/> reads.
/// </summary>
public static class LeadStateMachineSpecs
{
    /// <summary>A lead the Dialer has not heard of yet: "New Lead Added".</summary>
    public sealed class New : LeadSagaSpec
    {
        [Fact]
        public async Task When_a_lead_is_added_Should_be_pending_and_announced()
        {
            await Ready();

            var saga = Saga();
            Assert.Equal(0, saga.Attempts);
            Assert.Equal(_clock.GetUtcNow(), saga.ReadyAt);
            Assert.True(await Announced(LeadStatus.Pending, version: 1));
        }

        [Fact]
        public async Task When_the_deletion_overtakes_the_lead_being_added_Should_stay_deleted()
        {
            await _harness.Bus.Publish(new LeadDeleted(_leadId, _clock.GetUtcNow()));
            Assert.NotNull(await _saga.Exists(_leadId, m => m.Deleted));

            await _harness.Bus.Publish(new LeadReady(_leadId, Ada));
            await _harness.Bus.Publish(new LeadReactivated(_leadId, Ada, _clock.GetUtcNow()));
            await Consumed<LeadReady>();
            await Consumed<LeadReactivated>();

            Assert.Equal(_saga.StateMachine.Deleted.Name, Saga().CurrentState);
            Assert.Empty(Announcements());
        }
    }

    /// <summary>[Pending] "Ready to call": the dispatcher claims a slot and sends DialLead.</summary>
    public sealed class Pending : LeadSagaSpec
    {
        [Fact]
        public async Task When_the_dispatcher_dials_a_pending_lead_Should_be_in_progress_with_one_attempt_and_place_the_call()
        {
            await Ready();
            var placeCall = await Dial();

            var saga = Saga();
            Assert.Equal(1, saga.Attempts);
            Assert.Equal(1, placeCall.Attempt);
            Assert.Equal(saga.CallAttemptId, placeCall.CallAttemptId);
            Assert.Equal(Ada.Name, placeCall.Lead.Name);
            Assert.Equal(Ada.Phone, placeCall.Lead.Phone);
            Assert.Equal(Ada.CustomFields, placeCall.Lead.CustomFields);
            Assert.True(await Announced(LeadStatus.InProgress, version: 2));
        }

        [Fact]
        public async Task When_the_dispatcher_names_an_agent_Should_place_the_call_with_that_agent()
        {
            await Ready();
            var agentId = Guid.NewGuid();

            await _harness.Bus.Publish(new DialLead(_leadId, 3, RetryDelay, Claim(), agentId));
            await Eventually(() => _harness.Published.Select<PlaceCall>().Any(x => x.Context.Message.LeadId == _leadId), "PlaceCall published");

            Assert.Equal(agentId, _harness.Published.Select<PlaceCall>().Single(x => x.Context.Message.LeadId == _leadId).Context.Message.AgentId);
        }

        [Fact]
        public async Task When_dialed_after_max_attempts_was_lowered_Should_complete_without_calling()
        {
            await Ready();
            await End(await Dial(maxAttempts: 3), CallOutcome.NoAnswer);
            await _saga.Exists(_leadId, m => m.Retry);
            _clock.Advance(RetryDelay);
            await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));
            await _saga.Exists(_leadId, m => m.Pending);

            await _harness.Bus.Publish(new DialLead(_leadId, MaxAttempts: 1, RetryDelay, Claim()));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Completed));
            Assert.Equal(1, await PlaceCallsPublished());
        }

        [Fact]
        public async Task When_a_dial_arrives_for_a_claim_that_has_expired_Should_not_call()
        {
            await Ready();
            var expiredClaim = Claim();
            Saga().DialRequestedAt = null; // the dispatcher released it

            await _harness.Bus.Publish(new DialLead(_leadId, 3, RetryDelay, expiredClaim));
            await Consumed<DialLead>(m => m.LeadId == _leadId);

            Assert.Equal(nameof(LeadStateMachine.Pending), Saga().CurrentState);
            Assert.Equal(0, Saga().Attempts);
            Assert.Equal(0, await PlaceCallsPublished());
        }

        [Fact]
        public async Task When_a_dial_is_delivered_twice_Should_call_once()
        {
            await Ready();
            var claimedAt = Claim();
            var dial = new DialLead(_leadId, 3, RetryDelay, claimedAt);

            await _harness.Bus.Publish(dial);
            await _harness.Bus.Publish(dial);
            await Consumed<DialLead>(m => m.LeadId == _leadId, count: 2);

            Assert.Equal(1, Saga().Attempts);
            Assert.Equal(1, await PlaceCallsPublished());
            Assert.Null(Saga().DialRequestedAt);
        }

        [Fact]
        public async Task When_a_lead_is_announced_twice_Should_keep_one_pending_saga()
        {
            await Ready();
            await _harness.Bus.Publish(new LeadReady(_leadId, Ada));
            await Consumed<LeadReady>(m => m.LeadId == _leadId, count: 2);

            Assert.Equal(nameof(LeadStateMachine.Pending), Saga().CurrentState);
            Assert.Equal(1, Saga().Version);
        }

        [Fact]
        public async Task When_a_lead_is_edited_Should_call_with_the_new_details_and_keep_its_status()
        {
            await Ready();

            await _harness.Bus.Publish(new LeadUpdated(_leadId, Fixed, _clock.GetUtcNow()));
            await Consumed<LeadUpdated>();

            Assert.Equal(Fixed.Phone, Saga().Lead.Phone);
            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            var call = await Dial();
            Assert.Equal(Fixed.Phone, call.Lead.Phone);
        }

        [Fact]
        public async Task When_a_pending_lead_is_deleted_Should_never_be_dialled_and_give_up_its_claim()
        {
            await Ready();
            var claimedAt = Claim();

            await _harness.Bus.Publish(new LeadDeleted(_leadId, _clock.GetUtcNow()));
            Assert.NotNull(await _saga.Exists(_leadId, m => m.Deleted));
            Assert.Null(Saga().DialRequestedAt);

            await _harness.Bus.Publish(new DialLead(_leadId, 3, TimeSpan.FromHours(1), claimedAt));
            await Consumed<DialLead>();
            Assert.Equal(_saga.StateMachine.Deleted.Name, Saga().CurrentState);
            Assert.False(await _harness.Published.Any<PlaceCall>(x => x.Context.Message.LeadId == _leadId));
        }
    }

    /// <summary>[In-Progress] "Call active": the call ends, fails to be placed, or goes stale.</summary>
    public sealed class InProgress : LeadSagaSpec
    {
        [Fact]
        public async Task When_the_person_answers_Should_be_completed()
        {
            await Ready();
            var call = await Dial();

            await End(call, CallOutcome.Answered);

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Completed));
            Assert.Equal(1, Saga().Attempts);
            Assert.Null(Saga().LastError);
            Assert.True(await Announced(LeadStatus.Completed, version: 3));
        }

        [Theory]
        [InlineData(CallOutcome.NoAnswer)]
        [InlineData(CallOutcome.Busy)]
        [InlineData(CallOutcome.Voicemail)]
        [InlineData(CallOutcome.TemporaryFailure)]
        public async Task When_a_call_ends_unanswered_Should_wait_for_the_retry_delay(CallOutcome outcome)
        {
            await Ready();
            var call = await Dial();

            await End(call, outcome);

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Retry));
            var saga = Saga();
            Assert.Equal(_clock.GetUtcNow() + RetryDelay, saga.RetryAt);
            Assert.Equal(outcome, saga.LastOutcome);
            Assert.True(await Announced(LeadStatus.Retry, version: 3));
        }

        [Fact]
        public async Task When_the_last_allowed_attempt_goes_unanswered_Should_be_completed_after_exactly_max_attempts()
        {
            await Ready();
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var call = await Dial(maxAttempts: 3);
                Assert.Equal(attempt, call.Attempt);
                await End(call, CallOutcome.NoAnswer);
                if (attempt < 3)
                {
                    await _saga.Exists(_leadId, m => m.Retry);
                    _clock.Advance(RetryDelay);
                    await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));
                    await _saga.Exists(_leadId, m => m.Pending);
                }
            }

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Completed));
            Assert.Equal(3, Saga().Attempts);
            Assert.Equal(3, await PlaceCallsPublished());
        }

        [Fact]
        public async Task When_max_attempts_is_reached_Should_record_the_reason()
        {
            await Ready();
            await End(await Dial(maxAttempts: 1), CallOutcome.Voicemail);

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Completed));
            Assert.Equal("Max attempts reached (1 of 1)", Saga().CompletedReason);
        }

        [Fact]
        public async Task When_the_number_does_not_exist_Should_fail_with_the_guides_reason()
        {
            await Ready();
            await End(await Dial(), CallOutcome.InvalidNumber, "invalid_destination");

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Failed));
            var error = Saga().LastError!;
            Assert.Equal(ErrorKind.Permanent, error.Kind);
            Assert.Equal("Phone number does not exist", error.Reason);
            Assert.Equal("invalid_destination", error.ProviderMessage);
            Assert.Equal(GuideErrors.PhoneNumberDoesNotExist.FixFor("retell"), error.Fix);
            Assert.True(await Announced(LeadStatus.Failed, version: 3));
        }

        [Fact]
        public async Task When_the_provider_refuses_the_call_permanently_Should_fail_without_counting_an_attempt()
        {
            await Ready();
            var call = await Dial();

            await _harness.Bus.Publish(new CallFailed(_leadId, call.Attempt, call.CallAttemptId, "retell",
                new LeadError(ErrorKind.Permanent, "API key is invalid or missing", "Invalid API key"), 401));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Failed));
            Assert.Equal(0, Saga().Attempts);
            Assert.Equal("API key is invalid or missing", Saga().LastError!.Reason);
        }

        [Fact]
        public async Task When_placing_the_call_fails_temporarily_Should_be_pending_again_not_counted_and_wait_longer_each_time()
        {
            await Ready();
            var waits = new List<TimeSpan>();
            for (var i = 0; i < 3; i++)
            {
                var call = await Dial();
                await _harness.Bus.Publish(new CallFailed(_leadId, call.Attempt, call.CallAttemptId, "retell",
                    new LeadError(ErrorKind.Temporary, "Rate limit exceeded"), 429));
                await Consumed<CallFailed>(m => m.CallAttemptId == call.CallAttemptId);
                Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
                var saga = Saga();
                Assert.Equal(0, saga.Attempts);
                waits.Add(saga.ReadyAt - _clock.GetUtcNow());
            }

            Assert.All(waits, w => Assert.True(w > TimeSpan.Zero));
            Assert.True(waits[2] > waits[0], $"waits should grow: {string.Join(", ", waits)}");
        }

        [Fact]
        public async Task When_placing_the_call_fails_temporarily_five_times_in_a_row_Should_count_one_failed_attempt_and_wait_for_the_retry_delay()
        {
            await Ready();
            for (var i = 1; i <= 4; i++)
            {
                await FailTemporarily(await Dial());
                Assert.Equal(nameof(LeadStateMachine.Pending), Saga().CurrentState);
                Assert.Equal(0, Saga().Attempts);
                Assert.Equal(i, Saga().TemporaryFailures);
            }

            await FailTemporarily(await Dial());

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Retry));
            var saga = Saga();
            Assert.Equal(1, saga.Attempts);
            Assert.Equal(0, saga.TemporaryFailures);
            Assert.Null(saga.CallAttemptId);
            Assert.Equal(_clock.GetUtcNow() + RetryDelay, saga.RetryAt);
            Assert.Equal(CallOutcome.TemporaryFailure, saga.LastOutcome);
            Assert.Equal(ErrorKind.Temporary, saga.LastError!.Kind);
            Assert.Equal("Temporary error: Server error (5 times in a row)", saga.LastError.Reason);
            Assert.Equal("Internal Server Error", saga.LastError.ProviderMessage);
            Assert.True(await Announced(LeadStatus.Retry, version: 11));
        }

        [Fact]
        public async Task When_temporary_errors_use_up_the_last_allowed_attempt_Should_be_completed_with_max_attempts_reached()
        {
            await Ready();
            for (var i = 0; i < 5; i++)
            {
                await FailTemporarily(await Dial(maxAttempts: 1));
            }

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Completed));
            Assert.Equal(1, Saga().Attempts);
            Assert.Equal("Max attempts reached (1 of 1)", Saga().CompletedReason);
            Assert.Equal("Temporary error: Server error (5 times in a row)", Saga().LastError!.Reason);
            Assert.Equal(5, await PlaceCallsPublished());
        }

        [Fact]
        public async Task When_a_lead_is_due_again_after_an_attempt_used_up_by_temporary_errors_Should_count_them_again_from_one()
        {
            await Ready();
            for (var i = 0; i < 5; i++)
            {
                await FailTemporarily(await Dial());
            }

            await _saga.Exists(_leadId, m => m.Retry);
            _clock.Advance(RetryDelay);
            await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));
            await _saga.Exists(_leadId, m => m.Pending);
            var call = await Dial();
            Assert.Equal(2, call.Attempt);
            await FailTemporarily(call);

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            Assert.Equal(1, Saga().Attempts);
            Assert.Equal(1, Saga().TemporaryFailures);
            var wait = Saga().ReadyAt - _clock.GetUtcNow();
            Assert.InRange(wait.TotalSeconds, 4, 6);
        }

        [Fact]
        public async Task When_a_call_is_placed_between_temporary_errors_Should_not_count_them_in_a_row()
        {
            await Ready();
            for (var i = 0; i < 4; i++)
            {
                await FailTemporarily(await Dial());
            }

            await End(await Dial(), CallOutcome.NoAnswer);
            await _saga.Exists(_leadId, m => m.Retry);
            _clock.Advance(RetryDelay);
            await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));
            await _saga.Exists(_leadId, m => m.Pending);
            await FailTemporarily(await Dial());

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            Assert.Equal(1, Saga().Attempts);
            Assert.Equal(1, Saga().TemporaryFailures);
        }

        [Theory]
        [InlineData("concurrency_limit_reached")]
        [InlineData("call.start.error-vapi-number-outbound-daily-limit")]
        public async Task When_the_call_ends_with_the_provider_at_its_limit_Should_be_pending_again_without_counting_an_attempt(string reason)
        {
            await Ready();
            var call = await Dial();

            await End(call, CallOutcome.ProviderBusy, reason);

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            var saga = Saga();
            Assert.Equal(0, saga.Attempts);
            Assert.Equal(1, saga.TemporaryFailures);
            Assert.Null(saga.CallAttemptId);
            Assert.Null(saga.RetryAt);
            Assert.True(saga.ReadyAt > _clock.GetUtcNow(), "a growing wait, not the retry delay");
            Assert.Equal(ErrorKind.Temporary, saga.LastError!.Kind);
            Assert.Equal("Rate limit exceeded", saga.LastError.Reason);
            Assert.Equal(reason, saga.LastError.ProviderMessage);
            Assert.True(await Announced(LeadStatus.Pending, version: 3));
        }

        [Fact]
        public async Task When_the_provider_is_at_its_limit_call_after_call_Should_count_it_with_placing_errors_as_one_attempt()
        {
            await Ready();
            for (var i = 0; i < 4; i++)
            {
                await FailTemporarily(await Dial());
            }

            await End(await Dial(), CallOutcome.ProviderBusy, "concurrency_limit_reached");

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Retry));
            Assert.Equal(1, Saga().Attempts);
            Assert.Equal("Temporary error: Rate limit exceeded (5 times in a row)", Saga().LastError!.Reason);
        }

        [Fact]
        public async Task When_provider_gateway_gives_up_on_placing_the_call_Should_be_pending_again_without_counting_an_attempt()
        {
            await Ready();
            var call = await Dial();

            await _harness.Bus.Publish<Fault<PlaceCall>>(new
            {
                Message = call,
                FaultId = NewId.NextGuid(),
                Timestamp = DateTime.UtcNow,
                Exceptions = Array.Empty<ExceptionInfo>(),
                FaultMessageTypes = new[] { "urn:message:LeadDialer.Contracts:PlaceCall" },
            });
            await Consumed<Fault<PlaceCall>>(m => m.Message.CallAttemptId == call.CallAttemptId);

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            var saga = Saga();
            Assert.Equal(0, saga.Attempts);
            Assert.Null(saga.CallAttemptId);
            Assert.Equal(GuideErrors.UnknownError.ToLeadError(), saga.LastError);
            Assert.True(saga.ReadyAt > _clock.GetUtcNow(), "a growing wait before the next try");
        }

        [Fact]
        public async Task When_a_fault_arrives_for_an_earlier_attempt_Should_change_nothing()
        {
            await Ready();
            var call = await Dial();
            var stale = call with { CallAttemptId = Guid.NewGuid() };

            await _harness.Bus.Publish<Fault<PlaceCall>>(new { Message = stale, FaultId = NewId.NextGuid(), Timestamp = DateTime.UtcNow, Exceptions = Array.Empty<ExceptionInfo>() });
            await Consumed<Fault<PlaceCall>>(m => m.Message.CallAttemptId == stale.CallAttemptId);

            Assert.Equal(nameof(LeadStateMachine.InProgress), Saga().CurrentState);
            Assert.Equal(1, Saga().Attempts);
        }

        [Fact]
        public async Task When_an_in_progress_call_goes_stale_Should_retry_and_count_the_attempt()
        {
            await Ready();
            var call = await Dial();

            await _harness.Bus.Publish(new CallTimedOut(_leadId, call.Attempt, call.CallAttemptId));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Retry));
            Assert.Equal(1, Saga().Attempts);
            // No provider said anything: the catalogue's reason and fix, no provider message.
            Assert.Equal(GuideErrors.CallDidNotReportAnEnd.ToLeadError(), Saga().LastError);
        }

        [Fact]
        public async Task When_a_lead_that_is_not_failed_is_reactivated_Should_keep_its_status_and_announce_it_again()
        {
            await Ready();
            await Dial();
            var version = Saga().Version;

            await _harness.Bus.Publish(new LeadReactivated(_leadId, Ada, _clock.GetUtcNow()));
            await Consumed<LeadReactivated>();

            Assert.NotNull(await _saga.Exists(_leadId, m => m.InProgress));
            Assert.Equal(1, Saga().Attempts);
            await Eventually(() => Announcements().Any(m => m.Status == LeadStatus.InProgress && m.Version == version + 1), "in-progress re-announced");
        }

        [Fact]
        public async Task When_a_lead_in_a_call_is_deleted_Should_keep_its_calling_slot_until_the_call_ends()
        {
            await Ready();
            var call = await Dial();

            await _harness.Bus.Publish(new LeadDeleted(_leadId, _clock.GetUtcNow()));
            Assert.NotNull(await _saga.Exists(_leadId, m => m.Deleted));
            // The dispatcher counts claimed leads as calls in flight: the call still going on keeps its slot.
            Assert.NotNull(Saga().DialRequestedAt);

            await _harness.Bus.Publish(new CallEnded(_leadId, call.Attempt, call.CallAttemptId, "retell", "call_1", CallOutcome.NoAnswer, null,
                _clock.GetUtcNow(), _clock.GetUtcNow(), 0, null, null));
            await Eventually(() => Saga().DialRequestedAt is null, "the slot released");

            Assert.Equal(_saga.StateMachine.Deleted.Name, Saga().CurrentState);
            Assert.DoesNotContain(Announcements(), m => m.Status == LeadStatus.Retry);
        }

        [Fact]
        public async Task When_the_person_opts_out_during_the_call_Should_be_completed_opted_out_before_the_call_ends()
        {
            await Ready();
            var call = await Dial();

            await _harness.Bus.Publish(new LeadOptedOut(_leadId, Ada.Phone, "call_1", _clock.GetUtcNow()));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Completed));
            Assert.Equal(LeadStateMachine.OptedOut, Saga().CompletedReason);
            Assert.Null(Saga().CallAttemptId);
            Assert.Null(Saga().InProgressSince);
            Assert.True(await Announced(LeadStatus.Completed, version: 3));

            await End(call, CallOutcome.Answered);
            Assert.Equal(3, Saga().Version);
        }
    }

    /// <summary>[Retry] "Waiting for retry delay": the sweep says when the delay has passed.</summary>
    public sealed class Retry : LeadSagaSpec
    {
        [Fact]
        public async Task When_the_retry_delay_has_passed_Should_be_pending_again()
        {
            await Ready();
            await End(await Dial(), CallOutcome.NoAnswer);
            await _saga.Exists(_leadId, m => m.Retry);

            _clock.Advance(RetryDelay);
            await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            Assert.Equal(1, Saga().Attempts);
            Assert.Equal(_clock.GetUtcNow(), Saga().ReadyAt);
        }

        [Fact]
        public async Task When_the_sweep_comes_before_the_retry_delay_has_passed_Should_keep_waiting()
        {
            await Ready();
            await End(await Dial(), CallOutcome.Busy);
            await _saga.Exists(_leadId, m => m.Retry);

            _clock.Advance(RetryDelay - TimeSpan.FromSeconds(1));
            await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));
            await Consumed<RetryDelayElapsed>(m => m.LeadId == _leadId);

            Assert.Equal(nameof(LeadStateMachine.Retry), Saga().CurrentState);
        }

        [Fact]
        public async Task When_a_retry_becomes_due_Should_queue_by_its_due_time_not_by_when_the_sweep_noticed()
        {
            await Ready();
            await End(await Dial(), CallOutcome.Busy);
            await _saga.Exists(_leadId, m => m.Retry);
            var due = Saga().RetryAt!.Value;

            _clock.Advance(RetryDelay + TimeSpan.FromMinutes(1.5));
            await _harness.Bus.Publish(new RetryDelayElapsed(_leadId));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            Assert.Equal(due, Saga().ReadyAt);
        }

        [Fact]
        public async Task When_a_call_ended_webhook_is_repeated_Should_change_nothing_twice()
        {
            await Ready();
            var call = await Dial();
            await End(call, CallOutcome.NoAnswer);
            await _saga.Exists(_leadId, m => m.Retry);
            var versionAfterFirst = Saga().Version;

            await End(call, CallOutcome.Answered);

            Assert.Equal(nameof(LeadStateMachine.Retry), Saga().CurrentState);
            Assert.Equal(versionAfterFirst, Saga().Version);
        }
    }

    /// <summary>[Completed] "Finished": no further calls; an opt-out still records why.</summary>
    public sealed class Completed : LeadSagaSpec
    {
        [Fact]
        public async Task When_the_person_opts_out_after_an_answered_call_Should_stay_completed_with_the_reason_once()
        {
            await Ready();
            await End(await Dial(), CallOutcome.Answered);
            await _saga.Exists(_leadId, m => m.Completed);

            await _harness.Bus.Publish(new LeadOptedOut(_leadId, Ada.Phone, "call_1", _clock.GetUtcNow()));
            await _harness.Bus.Publish(new LeadOptedOut(_leadId, Ada.Phone, "call_1", _clock.GetUtcNow()));
            await Consumed<LeadOptedOut>(m => m.LeadId == _leadId, count: 2);

            Assert.Equal(LeadStatus.Completed, LeadStateMachine.StatusOf(Saga().CurrentState));
            Assert.Equal(LeadStateMachine.OptedOut, Saga().CompletedReason);
            Assert.Equal(4, Saga().Version);
        }
    }

    /// <summary>[Failed] "Permanent error": the user fixes the lead and reactivates it.</summary>
    public sealed class Failed : LeadSagaSpec
    {
        [Fact]
        public async Task When_a_failed_lead_is_reactivated_Should_be_pending_with_a_fresh_attempts_counter_and_the_fixed_details()
        {
            await Ready();
            var call = await Dial();
            await _harness.Bus.Publish(new CallEnded(_leadId, call.Attempt, call.CallAttemptId, "retell", "call_1", CallOutcome.InvalidNumber, "invalid_destination",
                _clock.GetUtcNow(), _clock.GetUtcNow(), 0, null, null));
            Assert.NotNull(await _saga.Exists(_leadId, m => m.Failed));
            Assert.Equal(1, Saga().Attempts);

            _clock.Advance(TimeSpan.FromMinutes(5));
            await _harness.Bus.Publish(new LeadReactivated(_leadId, Fixed, _clock.GetUtcNow()));

            Assert.NotNull(await _saga.Exists(_leadId, m => m.Pending));
            var saga = Saga();
            Assert.Equal(0, saga.Attempts);
            Assert.Null(saga.LastError);
            Assert.Equal(_clock.GetUtcNow(), saga.ReadyAt);
            Assert.Equal(Fixed.Phone, saga.Lead.Phone);
            await Eventually(() => Announcements().Any(m => m.Status == LeadStatus.Pending && m.Attempts == 0 && m.Version == saga.Version), "pending re-announced");

            var again = await Dial();
            Assert.Equal(1, again.Attempt);
            Assert.Equal(Fixed.Phone, again.Lead.Phone);
            Assert.NotEqual(call.CallAttemptId, again.CallAttemptId);
        }
    }
}
