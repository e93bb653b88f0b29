using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;

namespace LeadDialer.EndToEndTests.Telemetry;

/// <summary>One span as a process exported it.</summary>
public sealed record CollectedSpan(
    string Service,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public const int Server = 2;
    public const int Client = 3;

    public override string ToString() =>
        $"{Service,-32} {Name} [{SpanId} <- {ParentSpanId}] {string.Join(' ', Attributes.Where(a => a.Key.StartsWith("messaging.", StringComparison.Ordinal) || a.Key.StartsWith("url.", StringComparison.Ordinal) || a.Key.StartsWith("leaddialer.", StringComparison.Ordinal)).Select(a => $"{a.Key}={a.Value}"))}";
}

/// <summary>
/// A minimal OTLP/HTTP (protobuf) collector inside the test process: every process under test
/// exports its spans here (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), so a test can follow one trace
/// across all of them. Only the fields the tests read are decoded (field numbers from
/// opentelemetry-proto's trace/v1 and common/v1); metrics and logs are accepted and dropped.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly ConcurrentQueue<CollectedSpan> _spans = new();
    readonly Task _loop;

    public OtlpReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyCollection<CollectedSpan> Spans => _spans.ToArray();

    public IEnumerable<CollectedSpan> Trace(string traceId) => _spans.Where(s => s.TraceId == traceId);

    /// <summary>Polls the collected spans until the condition holds or the deadline passes.</summary>
    public async Task<bool> WaitFor(Func<IReadOnlyCollection<CollectedSpan>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Spans))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return condition(Spans);
    }

    async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    ReadExportTraceServiceRequest(body.ToArray());
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0;
            }
            catch (InvalidProtocolBufferException)
            {
                context.Response.StatusCode = 400;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    void ReadExportTraceServiceRequest(byte[] bytes)
    {
        foreach (var (field, value) in Fields(bytes))
        {
            if (field == 1)
            {
                ReadResourceSpans(value);
            }
        }
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    // Resource { repeated KeyValue attributes = 1; }  ScopeSpans { scope = 1; repeated Span spans = 2; }
    void ReadResourceSpans(ByteString resourceSpans)
    {
        var service = "?";
        var scopes = new List<ByteString>();
        foreach (var (field, value) in Fields(resourceSpans.ToByteArray()))
        {
            if (field == 1)
            {
                var resource = Attributes(Fields(value.ToByteArray()).Where(f => f.Field == 1).Select(f => f.Value));
                service = resource.GetValueOrDefault("service.name", "?");
            }
            else if (field == 2)
            {
                scopes.Add(value);
            }
        }

        foreach (var scope in scopes)
        {
            foreach (var (field, span) in Fields(scope.ToByteArray()))
            {
                if (field == 2)
                {
                    _spans.Enqueue(ReadSpan(service, span));
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
    //        SpanKind kind = 6; repeated KeyValue attributes = 9; repeated Link links = 13; }
    static CollectedSpan ReadSpan(string service, ByteString span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new List<ByteString>();
        var links = new List<(string, string)>();
        var input = new CodedInputStream(span.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Hex(input.ReadBytes()); break;
                case 2: spanId = Hex(input.ReadBytes()); break;
                case 4: parent = Hex(input.ReadBytes()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                case 9: attributes.Add(input.ReadBytes()); break;
                case 13:
                    // Link { bytes trace_id = 1; bytes span_id = 2; }
                    var link = Fields(input.ReadBytes().ToByteArray()).ToList();
                    links.Add((Hex(link.FirstOrDefault(f => f.Field == 1).Value), Hex(link.FirstOrDefault(f => f.Field == 2).Value)));
                    break;
                default: input.SkipLastField(); break;
            }
        }

        return new CollectedSpan(service, traceId, spanId, parent, name, kind, Attributes(attributes), links);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    // AnyValue { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ... }
    static Dictionary<string, string> Attributes(IEnumerable<ByteString> keyValues)
    {
        var result = new Dictionary<string, string>();
        foreach (var keyValue in keyValues)
        {
            var input = new CodedInputStream(keyValue.ToByteArray());
            string key = "", value = "";
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 1)
                {
                    key = input.ReadString();
                }
                else if (WireFormat.GetTagFieldNumber(tag) == 2)
                {
                    value = AnyValue(input.ReadBytes());
                }
                else
                {
                    input.SkipLastField();
                }
            }

            result[key] = value;
        }

        return result;
    }

    static string AnyValue(ByteString bytes)
    {
        var input = new CodedInputStream(bytes.ToByteArray());
        var tag = input.ReadTag();
        return WireFormat.GetTagFieldNumber(tag) switch
        {
            1 => input.ReadString(),
            2 => input.ReadBool().ToString(),
            3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "(complex)",
        };
    }

    /// <summary>The length-delimited fields of a message (the only kind the walk above descends into).</summary>
    static IEnumerable<(int Field, ByteString Value)> Fields(byte[] message)
    {
        var input = new CodedInputStream(message);
        var fields = new List<(int, ByteString)>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }

    static string Hex(ByteString? bytes) => bytes is null || bytes.IsEmpty ? string.Empty : Convert.ToHexStringLower(bytes.ToByteArray());

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
