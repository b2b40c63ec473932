namespace Stampede.Tests.Scenarios;

/// <summary>
/// The files <see cref="SchemaAgreementTests"/> gives to both the schema and the loader. A bad file is one of
/// the bases below with one mistake, so it is refused for that mistake; a good file uses what the samples do not.
/// </summary>
internal static class SchemaAgreementCases
{
    /// <summary>Values for <c>{{ env.NAME }}</c> in the cases.</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string> { ["TOKEN"] = "abc" };

    /// <summary>A fragment for include: cases, at shared/connection.yaml in <see cref="Files"/>.</summary>
    public const string ConnectionFragment = """
        options:
          baseUrl: http://127.0.0.1:5080
          timeout: 30s
          headers: { Accept: application/json }
        scenarios:
          shared:
            executor: constant-vus
            duration: 10s
            requests: [ { url: /health } ]
        """;

    private const string Options = "options:\n  baseUrl: http://127.0.0.1:5080\n";
    private const string OneScenario = "scenarios:\n  s:\n    executor: constant-vus\n    duration: 10s\n    requests: [ { url: /health } ]\n";

    /// <summary>The files the cases name: data, a body, a PKI and a fragment.</summary>
    public static TempFolder Files()
    {
        var folder = new TempFolder();
        folder.Write("users.csv", "name,password\nalice,a1\nbob,b2\n");
        folder.Write("codes.csv", "code\n7\n");
        folder.Write("payload.bin", "binary");
        foreach (var file in new[] { "ca.crt", "client.crt", "client.key", "client.p12" })
        {
            folder.Write(Path.Combine("pki", file), "placeholder");
        }

        folder.Write(Path.Combine("shared", "connection.yaml"), ConnectionFragment);
        return folder;
    }

    /// <summary>The bases the bad cases change; each is valid.</summary>
    public static IEnumerable<string> Bases() =>
    [
        WithOptions(""),
        Scenario("executor: constant-vus\nvus: 2\nduration: 10s\nrequests: [ { url: /health } ]"),
        Flow("- request: { url: /health }"),
        Thresholds("http_req_duration: [\"p(95)<500\"]"),
    ];

    public static TheoryData<string, string> Good() => new()
    {
        { "every executor field, constant-vus", Scenario("executor: constant-vus\nvus: 3\nduration: 1m30s\nstartTime: 0\ngracefulStop: 0s\ntags: { team: web, tier: 1 }\nrequests: [ { url: /a } ]") },
        { "ramping-vus", Scenario("executor: ramping-vus\nstartVUs: 0\nstages: [ { duration: 0, target: 5 }, { duration: 10s, target: \"10\" }, { duration: 5s, target: 0 } ]\ngracefulRampDown: 1s\nrequests: [ { url: /a } ]") },
        { "externally-controlled from 0 VUs", Scenario("executor: externally-controlled\nvus: 0\nmaxVUs: 50\nduration: 10m\nrequests: [ { url: /a } ]") },
        { "outputs as a list", "options:\n  baseUrl: http://x\n  outputs: [ json=results/run.json ]\n" + OneScenario },
        { "reports as a list", WithOptions("  reports: [ junit=out/junit.xml, \"hist[0,10ms,50ms]=h.txt\", CSV=out/run, md=a=b.md ]\n") },
        { "one report", WithOptions("  reports: hlog=run.hlog\n") },
        { "an html report", WithOptions("  reports: [ HTML=out/report.html ]\n") },
        { "per-vu-iterations", Scenario("executor: per-vu-iterations\nvus: 2\niterations: 3\nmaxDuration: 1m\nrequests: [ { url: /a } ]") },
        { "shared-iterations with quoted numbers", Scenario("executor: shared-iterations\nvus: \"+2\"\niterations: \"010\"\nrequests: [ { url: /a } ]") },
        { "constant-arrival-rate", Scenario("executor: constant-arrival-rate\nrate: 2.5\ntimeUnit: 100ms\nduration: 10s\npreAllocatedVUs: 5\nmaxVUs: 10\nrequests: [ { url: /a } ]") },
        { "constant-arrival-rate with its unit in the rate", Scenario("executor: constant-arrival-rate\nrate: 5/100ms\nduration: 10s\npreAllocatedVUs: \"5\"\nrequests: [ { url: /a } ]") },
        { "ramping-arrival-rate", Scenario("executor: ramping-arrival-rate\nstartRate: 0.5\ntimeUnit: 1m\nstages: [ { duration: 10s, target: 2.5 }, { duration: 10s, target: 0 } ]\npreAllocatedVUs: 1\nmaxVUs: 3\nrequests: [ { url: /a } ]") },
        { "every step kind, check and extractor", EveryStep },
        { "requests short form", Scenario("executor: constant-vus\nduration: 1s\nrequests:\n  - { url: http://127.0.0.1:5080/a, method: delete, expect: 204, timeout: 2s }\n  - { url: /b, body: raw text, headers: { Content-Type: text/plain, X-Empty: } }\n  - { url: /c, json: [1, two, { three: 3 }, null], expect: [200, \"201\"] }\n  - { url: /d, name: 42, method: PROPFIND }") },
        { "data sources", "data:\n  users: { file: users.csv, strategy: unique-per-vu }\n  codes: codes.csv\n  spare: { file: users.csv }\n" + Flow("- request: { url: \"/login/{{ users.name }}\", headers: { X-Code: \"{{ codes.code }}\" }, form: { password: \"{{ users.password }}\" } }") },
        { "every option", EveryOption },
        { "thresholds in every form", EveryThreshold },
        { "nothing where nothing is allowed", "options: ~\ndata: ~\ninclude: []\nscenarios:\n  s: { executor: constant-vus, duration: 1s, tags: ~, requests: [ { url: \"http://127.0.0.1:5080/\", headers: ~ } ] }\n" },
        { "include that completes the file", "include: shared/connection.yaml\noptions:\n  timeout: ~\n  headers: { X-Team: checkout }\nscenarios:\n  shared:\n    vus: 3\n" },
        { "include list and own scenario", "include: [shared/connection.yaml]\nscenarios:\n  mine:\n    executor: per-vu-iterations\n    flow: [ { request: { url: /mine } } ]\n" },
        { "quoted values the loader reads as numbers and booleans", WithOptions("  redirects: \"2\"\n  http2: \"false\"\n  cookies: False\n") },
        { "a request body from a file", Flow("- request: { url: /upload, method: PUT, file: payload.bin, contentType: application/pdf }") },
    };

    public static TheoryData<string, string, string, string> Bad() => new()
    {
        // Unknown keys, at every level.
        { "unknown top-level key", "option:\n  baseUrl: http://x\n" + OneScenario, "", "unknown key `option` at the top level" },
        { "unknown option", WithOptions("  timout: 5s\n"), "/options", "unknown key `timout` in options" },
        { "option of a later format", WithOptions("  monitors: [cpu]\n"), "/options", "`monitors` is not supported by this version" },
        { "report of an unknown format", WithOptions("  reports: [ pdf=r.pdf ]\n"), "/options/reports/0", "unknown report format 'pdf'" },
        { "report without a path", WithOptions("  reports: junit\n"), "/options/reports", "is not FORMAT=PATH" },
        { "hist report without bounds", WithOptions("  reports: hist=h.txt\n"), "/options/reports", "'hist' needs its bucket bounds" },
        { "unknown output kind", WithOptions("  outputs: [ statsd=127.0.0.1:8125 ]\n"), "/options/outputs", "unknown output kind `statsd`" },
        { "influxdb output without a URL", WithOptions("  outputs: [ influxdb=127.0.0.1:8086/k6 ]\n"), "/options/outputs", "'influxdb' needs an http:// or https:// URL" },
        { "unknown tls key", WithOptions("  tls: { ca: pki/ca.crt, pem: pki/ca.crt }\n"), "/options/tls", "unknown key `pem` in options.tls" },
        { "unknown scenario key", Scenario("executor: constant-vus\nduraton: 10s\nduration: 10s\nrequests: [ { url: /a } ]"), "/scenarios/s", "unknown key `duraton` in scenarios.s" },
        { "field of another executor", Scenario("executor: constant-vus\nduration: 10s\nstages: [ { duration: 1s, target: 1 } ]\nrequests: [ { url: /a } ]"), "/scenarios/s/stages", "`stages` is not a field of constant-vus" },
        { "unknown stage key", Scenario("executor: ramping-vus\nstages: [ { duration: 1s, target: 1, hold: 1s } ]\nrequests: [ { url: /a } ]"), "/scenarios/s/stages/0", "unknown key `hold`" },
        { "unknown short-form request key", Scenario("executor: constant-vus\nduration: 1s\nrequests: [ { url: /a, check: [ { status: 200 } ] } ]"), "/scenarios/s/requests/0", "`check` is not supported by this version" },
        { "unknown flow request key", Flow("- request: { url: /a, checks: [ { status: 200 } ] }"), "/scenarios/s/flow/0/request", "unknown key `checks`" },
        { "unknown group key", Flow("- group: { name: g, steps: [ { think: 1s } ], tags: { a: b } }"), "/scenarios/s/flow/0/group", "unknown key `tags`" },
        { "unknown data source key", "data:\n  users: { file: users.csv, shuffle: true }\n" + WithOptions(""), "/data/users", "unknown key `shuffle`" },
        { "unknown threshold option", Thresholds("http_req_failed: [ { threshold: \"rate<0.1\", abortOnFial: true } ]"), "/options/thresholds/http_req_failed/0", "unknown key `abortOnFial`" },

        // Wrong types, durations, rates, numbers.
        { "duration without a unit", WithOptions("  timeout: 10\n"), "/options/timeout", "options.timeout: expected a duration" },
        { "duration with a partial unit", Scenario("executor: constant-vus\nduration: 1h30\nrequests: [ { url: /a } ]"), "/scenarios/s/duration", "scenarios.s.duration: expected a duration" },
        { "timeout of zero", WithOptions("  timeout: 0s\n"), "/options/timeout", "must be longer than 0s" },
        { "yes is not a boolean", WithOptions("  http2: yes\n"), "/options/http2", "options.http2: expected true or false" },
        { "negative redirects", WithOptions("  redirects: -1\n"), "/options/redirects", "must be 0 or more" },
        { "vus as a word", Scenario("executor: constant-vus\nvus: ten\nduration: 10s\nrequests: [ { url: /a } ]"), "/scenarios/s/vus", "expected a whole number" },
        { "zero vus", Scenario("executor: constant-vus\nvus: 0\nduration: 10s\nrequests: [ { url: /a } ]"), "/scenarios/s/vus", "vus must be greater than 0" },
        { "fractional VU target", Scenario("executor: ramping-vus\nstages: [ { duration: 10s, target: 2.5 } ]\nrequests: [ { url: /a } ]"), "/scenarios/s/stages/0/target", "expected a whole number" },
        { "zero rate", ArrivalRate("rate: 0"), "/scenarios/s/rate", "expected a positive rate" },
        { "rate with an unknown unit", ArrivalRate("rate: 200/x"), "/scenarios/s/rate", "expected a positive rate" },
        { "rate unit given twice", ArrivalRate("rate: 200/s\ntimeUnit: 1s"), "/scenarios/s/timeUnit", "the time unit is given twice" },
        { "stages of no length", Scenario("executor: ramping-vus\nstages: [ { duration: 0s, target: 5 } ]\nrequests: [ { url: /a } ]"), "/scenarios/s/stages", "stages must last longer than 0s in total" },
        { "steps as a mapping", Scenario("executor: per-vu-iterations\nflow: { request: { url: /a } }"), "/scenarios/s/flow", "scenarios.s.flow: expected a list" },
        { "nothing for a duration", WithOptions("  timeout: ~\n"), "/options/timeout", "options.timeout: expected a duration, got nothing" },
        { "header value on two lines", WithOptions("  headers: { X-A: \"one\\ntwo\" }\n"), "/options/headers/X-A", "a header value must be one line" },

        // Enums, URLs and names.
        { "unknown executor", Scenario("executor: constant-arival-rate\nrequests: [ { url: /a } ]"), "/scenarios/s/executor", "unknown executor 'constant-arival-rate'" },
        { "unknown transport", WithOptions("  transport: turbo\n"), "/options/transport", "'turbo' is not a transport" },
        { "unknown data strategy", "data:\n  users: { file: users.csv, strategy: shuffled }\n" + WithOptions(""), "/data/users/strategy", "unknown strategy 'shuffled'" },
        { "ftp base URL", "options:\n  baseUrl: ftp://example.test\n" + OneScenario, "/options/baseUrl", "is not a valid http or https URL" },
        { "base URL with a query", "options:\n  baseUrl: http://example.test/?a=1\n" + OneScenario, "/options/baseUrl", "must not have a query or fragment" },
        { "header name with a space", WithOptions("  headers: { \"X Trace\": 1 }\n"), "/options/headers", "'X Trace' is not a valid header name" },
        { "method with a space", Flow("- request: { url: /a, method: GE T }"), "/scenarios/s/flow/0/request/method", "'GE T' is not an HTTP method" },
        { "data source named like a number", "data:\n  1users: users.csv\n" + WithOptions(""), "/data", "'1users' cannot name a data source" },
        { "reserved variable", Flow("- set: { vu: \"1\" }"), "/scenarios/s/flow/0/set", "`vu` already means something" },

        // Missing required keys.
        { "no scenarios", Options, "", "the file has no `scenarios`" },
        { "no scenario in scenarios", Options + "scenarios: {}\n", "/scenarios", "there are no scenarios" },
        { "scenario without executor", Scenario("duration: 10s\nrequests: [ { url: /a } ]"), "/scenarios/s", "a scenario needs `executor`" },
        { "constant-vus without duration", Scenario("executor: constant-vus\nvus: 2\nrequests: [ { url: /a } ]"), "/scenarios/s", "constant-vus needs `duration`" },
        { "externally-controlled without duration", Scenario("executor: externally-controlled\nvus: 2\nrequests: [ { url: /a } ]"), "/scenarios/s", "externally-controlled needs `duration`" },
        { "stages on externally-controlled", Scenario("executor: externally-controlled\nduration: 1m\nstages: [ { duration: 1s, target: 1 } ]\nrequests: [ { url: /a } ]"), "/scenarios/s/stages", "`stages` is not a field of externally-controlled" },
        { "arrival rate without preAllocatedVUs", Scenario("executor: constant-arrival-rate\nrate: 10\nduration: 10s\nrequests: [ { url: /a } ]"), "/scenarios/s", "constant-arrival-rate needs `preAllocatedVUs`" },
        { "ramping-arrival-rate without stages", Scenario("executor: ramping-arrival-rate\npreAllocatedVUs: 2\nrequests: [ { url: /a } ]"), "/scenarios/s", "ramping-arrival-rate needs `stages`" },
        { "stage without target", Scenario("executor: ramping-vus\nstages: [ { duration: 10s } ]\nrequests: [ { url: /a } ]"), "/scenarios/s/stages/0", "a stage needs `target`" },
        { "scenario without steps", Scenario("executor: constant-vus\nduration: 10s"), "/scenarios/s", "has no `flow`" },
        { "requests and flow", Scenario("executor: constant-vus\nduration: 10s\nrequests: [ { url: /a } ]\nflow: [ { request: { url: /a } } ]"), "/scenarios/s/requests", "not both" },
        { "empty flow", Scenario("executor: per-vu-iterations\nflow: []"), "/scenarios/s/flow", "the list of steps is empty" },
        { "request without url", Flow("- request: { name: a }"), "/scenarios/s/flow/0/request", "a request needs `url`" },
        { "group without name", Flow("- group: { steps: [ { think: 1s } ] }"), "/scenarios/s/flow/0/group", "a group needs `name`" },
        { "repeat without steps", Flow("- repeat: { times: 2 }"), "/scenarios/s/flow/0/repeat", "repeat needs `steps`" },
        { "foreach without as", Flow("- foreach: { in: [a, b], steps: [ { think: 1s } ] }"), "/scenarios/s/flow/0/foreach", "foreach needs `as`" },
        { "if without then", Flow("- if: { when: \"1\" }"), "/scenarios/s/flow/0/if", "if needs `then`" },
        { "data source without file", "data:\n  users: { strategy: random }\n" + WithOptions(""), "/data/users", "a data source needs `file`" },
        { "threshold object without threshold", Thresholds("http_req_failed: [ { abortOnFail: true } ]"), "/options/thresholds/http_req_failed/0", "a threshold with options needs `threshold`" },

        // Steps, checks and extractors.
        { "unknown step", Flow("- sleep: 1s"), "/scenarios/s/flow/0", "`sleep` is not a step" },
        { "two steps in one item", Flow("- think: 1s\n  request: { url: /a }"), "/scenarios/s/flow/0", "one step per list item" },
        { "body and json", Flow("- request: { url: /a, body: x, json: { a: 1 } }"), "/scenarios/s/flow/0/request", "a request has one of body, json, form or file" },
        { "form and file", Flow("- request: { url: /a, form: { a: 1 }, file: payload.bin }"), "/scenarios/s/flow/0/request", "a request has one of body, json, form or file" },
        { "status out of range", Flow("- request: { url: /a, check: [ { status: 700 } ] }"), "/scenarios/s/flow/0/request/check/0/status", "700 is not an HTTP status" },
        { "expect out of range", Flow("- request: { url: /a, expect: [200, 99] }"), "/scenarios/s/flow/0/request/expect/1", "99 is not an HTTP status" },
        { "unknown check kind", Flow("- request: { url: /a, check: [ { bodyMatches: ok } ] }"), "/scenarios/s/flow/0/request/check/0", "unknown key `bodyMatches`" },
        { "check of two things", Flow("- request: { url: /a, check: [ { status: 200, bodyContains: ok } ] }"), "/scenarios/s/flow/0/request/check/0", "a check tests one thing" },
        { "operator on a status check", Flow("- request: { url: /a, check: [ { status: 200, equals: 1 } ] }"), "/scenarios/s/flow/0/request/check/0/equals", "`equals` does not go with `status`" },
        { "jsonpath check without operator", Flow("- request: { url: /a, check: [ { jsonpath: $.id } ] }"), "/scenarios/s/flow/0/request/check/0", "say what to test" },
        { "numeric operator on a header", Flow("- request: { url: /a, check: [ { header: X-Count, lt: 5 } ] }"), "/scenarios/s/flow/0/request/check/0/lt", "numeric comparisons go with jsonpath and regex checks" },
        { "two operators", Flow("- request: { url: /a, check: [ { jsonpath: $.id, exists: true, equals: 1 } ] }"), "/scenarios/s/flow/0/request/check/0", "one operator per check" },
        { "unknown extractor kind", Flow("- request: { url: /a, extract: { id: { xpath: //id } } }"), "/scenarios/s/flow/0/request/extract/id", "unknown key `xpath`" },
        { "extract shorthand that is no JSONPath", Flow("- request: { url: /a, extract: { id: id } }"), "/scenarios/s/flow/0/request/extract/id", "is not a valid JSONPath" },
        { "unknown think distribution", Flow("- think: { gaussian: [1s, 2s] }"), "/scenarios/s/flow/0/think", "give one of fixed, uniform, normal, poisson" },
        { "uniform think with one duration", Flow("- think: { uniform: [1s] }"), "/scenarios/s/flow/0/think", "expected two durations, got 1" },
        { "negative repeat", Flow("- repeat: { times: -1, steps: [ { think: 1s } ] }"), "/scenarios/s/flow/0/repeat/times", "must be 0 or more" },
        { "repeat times as a list", Flow("- repeat: { times: [2], steps: [ { think: 1s } ] }"), "/scenarios/s/flow/0/repeat/times", "scenarios.s.flow[0].repeat.times: expected a whole number or a template" },
        { "foreach as a list", Flow("- foreach: { in: [a], as: [x], steps: [ { think: 1s } ] }"), "/scenarios/s/flow/0/foreach/as", "scenarios.s.flow[0].foreach.as: expected a variable name" },

        // Thresholds.
        { "threshold without parentheses", Thresholds("http_req_duration: [\"p95<500\"]"), "/options/thresholds/http_req_duration/0", "`p95<500` is not a condition" },
        { "statistic of another metric type", Thresholds("http_req_failed: [\"p(95)<500\"]"), "/options/thresholds/http_req_failed/0", "`p(95)` does not apply to http_req_failed" },
        { "percentile above 100", Thresholds("http_req_duration: [\"p(101)<500\"]"), "/options/thresholds/http_req_duration/0", "a percentile is from 0 to 100" },
        { "window below a second", Thresholds("http_req_duration: [\"p(95)<500 over 500ms\"]"), "/options/thresholds/http_req_duration/0", "must be a duration of 1s or more" },
        { "limit that is no number", Thresholds("vus: [\"max<many\"]"), "/options/thresholds/vus/0", "`many` is not a number" },
        { "tag filter without a value", Thresholds("\"http_req_duration{name}\": [\"p(95)<500\"]"), "/options/thresholds", "`name` is not a tag filter" },
        { "unknown metric", Thresholds("http_req_durations: [\"p(95)<500\"]"), "/options/thresholds", "unknown metric `http_req_durations`" },
        { "empty list of conditions", Thresholds("http_reqs: []"), "/options/thresholds/http_reqs", "expected a list of conditions" },
        { "abortOnFail that is no boolean", Thresholds("checks: { threshold: \"rate>0.9\", abortOnFail: maybe }"), "/options/thresholds/checks/abortOnFail", "expected true or false" },

        // include
        { "include of a mapping", "include: { file: shared/connection.yaml }\n" + WithOptions(""), "/include", "expected a file path or a list of paths" },
        { "include of a blank path", "include: [\" \"]\n" + WithOptions(""), "/include/0", "is not a file path" },
    };

    private static string EveryStep => Scenario(options: "  headers: { Accept: application/json, X-Token: \"{{ env.TOKEN }}\" }\n", lines: """
        executor: per-vu-iterations
        flow:
          - set: { term: shoes, count: "2" }
          - request:
              name: search
              method: post
              url: "/search/{{ term }}"
              query: { q: "{{ term }}", page: 2 }
              headers: { X-Trace: "1" }
              form: { user: "{{ term }}" }
              contentType: application/x-www-form-urlencoded; charset=utf-8
              timeout: 5s
              expect: [200, 201]
              tags: { kind: search }
              check:
                - { status: [200, 201], name: ok }
                - { header: Content-Type, contains: json }
                - { header: X-Id, exists: true }
                - { header: X-Gone, absent: true }
                - { header: X-Kind, equals: "{{ term }}" }
                - { header: X-Kind, notEquals: other }
                - { header: X-Kind, matches: "^s" }
                - { bodyContains: "{{ term }}" }
                - { regex: "id=(\\d+)", gt: 0 }
                - { regex: ok }
                - { jsonpath: $.count, gte: 1 }
                - { jsonpath: $.count, lte: "10" }
                - { jsonpath: $.count, lt: 1000 }
                - { jsonpath: $.name, matches: "^s" }
                - { jsonpath: $.name, contains: s }
                - { jsonpath: $.a, notEquals: null }
                - { durationBelow: 2s }
              extract:
                first: $.items[0].id
                id: { jsonpath: $.id }
                num: { regex: "n=(\\d+)" }
                location: { header: Location }
                session: { cookie: SESSION }
          - check: { status: 200 }
          - extract: { again: $.id }
          - think: 0
          - think: 250ms
          - think: { fixed: 10ms }
          - think: { uniform: [10ms, 20ms] }
          - think: { normal: [20ms, 5ms] }
          - think: { poisson: 10ms }
          - group:
              name: details
              steps:
                - request: { url: "/items/{{ first }}", json: { id: "{{ id }}", n: 1, ok: true } }
                - group: { name: inner, steps: [ { think: 1ms } ] }
          - repeat: { times: "{{ count }}", as: round, steps: [ { request: { url: "/r/{{ round }}", body: "n={{ num }}" } } ] }
          - repeat: { times: 0, steps: [ { think: 1ms } ] }
          - foreach: { in: [a, "{{ term }}", 3], as: item, steps: [ { request: { url: "/i/{{ item }}" } } ] }
          - foreach: { in: "{{ again }}", as: x, steps: [ { request: { url: "/x/{{ x }}" } } ] }
          - if:
              when: "{{ location }} != /home"
              then: [ { request: { url: /l, method: POST, file: payload.bin } } ]
              else: [ { think: 1ms } ]
          - if: { when: "{{ session }}", then: [ { think: 1ms } ] }
        """);

    private static string EveryOption => """
        options:
          baseUrl: https://127.0.0.1:8443/api
          tls: { ca: pki/ca.crt, cert: pki/client.p12, password: changeit }
          insecure: false
          http2: "TRUE"
          transport: Handler
          cookies: false
          redirects: 3
          timeout: 1m30s
          tags: { env: staging, build: 42, flag: true, empty: ~ }
          headers: { Accept: "*/*", X-Num: 1, X-Empty: }
        scenarios:
          s: { executor: constant-vus, duration: 10s, requests: [ { url: /health } ] }
        """;

    private static string EveryThreshold => Options + """
          thresholds:
            http_req_duration: ["p(95)<500", "p(99.9) <= 2000", "avg<200 over 30s", "med<100", " max < 1e4 ", "p(100)<=1 over 1m30s"]
            "http_req_duration{name:health, method:GET}": "p(90)<300"
            http_req_failed:
              - { threshold: "rate<0.05", abortOnFail: true, delayAbortEval: 30s }
              - rate<0.01
            http_reqs: [count>10, "rate>=1 over 1m"]
            checks: { threshold: "rate>0.99", abortOnFail: "TRUE" }
            "checks{check:round trip}": rate==1
            vus_max: ["max<=100", "value>0", "min>=0"]
            "dropped_iterations{scenario:s}": count==0
            data_received: "rate!=0"
            iteration_duration: "p(0)>=0 over 1000ms"
        """ + "\n" + OneScenario;

    private static string WithOptions(string lines) => Options + lines + OneScenario;

    private static string Thresholds(string lines) => Options + "  thresholds:\n" + Indent(lines, 4) + OneScenario;

    private static string Scenario(string lines, string options = "") => Options + options + "scenarios:\n  s:\n" + Indent(lines, 4);

    private static string Flow(string steps) => Scenario("executor: per-vu-iterations\nflow:\n" + Indent(steps, 2));

    private static string ArrivalRate(string rate) => Scenario($"executor: constant-arrival-rate\n{rate}\nduration: 10s\npreAllocatedVUs: 2\nrequests: [ {{ url: /a }} ]");

    private static string Indent(string lines, int spaces) =>
        string.Concat(lines.Split('\n').Select(line => line.Length == 0 ? "\n" : new string(' ', spaces) + line + "\n"));
}
