package io.bulwark.cli.policy;

import io.bulwark.policy.AttributeValues;
import io.bulwark.policy.Decision;
import io.bulwark.policy.Effect;
import io.bulwark.policy.PolicyError;
import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.PolicyTestReport;
import io.bulwark.policy.PolicyTestRunner;
import io.bulwark.policy.Principal;
import io.bulwark.policy.RequestContext;
import io.bulwark.policy.Resource;
import io.bulwark.policy.TestResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark policy}: {@code test DIR} runs the {@code *_test.yaml} suites beside the policies;
 * {@code check} answers one question with its explanation. See {@code docs/policy.md}.
 */
@Command(
    name = "policy",
    description = "Test policies and ask the policy engine one question.",
    subcommands = {PolicyCommand.Test.class, PolicyCommand.Check.class})
public final class PolicyCommand implements Runnable {
  /** Exit status when a suite fails or a policy or suite cannot be loaded. */
  public static final int EXIT_FAILED = 1;

  /** Exit status of {@code check} when the answer is deny. */
  public static final int EXIT_DENIED = 3;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: test or check");
  }

  private static void printErrors(PrintWriter err, List<PolicyError> errors) {
    errors.forEach(e -> err.println(e.format()));
  }

  /** {@code bulwark policy test DIR}: every check as PASS/FAIL, totals, exit 1 on any failure. */
  @Command(
      name = "test",
      description = {
        "Run the *_test.yaml suites under DIR against the policies under DIR.",
        "Prints PASS or FAIL per test and action and the totals; exits 0 when all pass, 1 on any"
            + " failure or load error (printed as file:line:column: message)."
      })
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(
        names = {"-v", "--verbose"},
        description = "Also print the explanation of passing checks.")
    boolean verbose;

    @Parameters(paramLabel = "DIR", description = "Directory of policies and their test suites.")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      PolicyTestReport report = new PolicyTestRunner(Clock.systemUTC()).run(dir);
      printErrors(err, report.errors());
      for (TestResult result : report.results()) {
        String line =
            (result.passed() ? "PASS " : "FAIL ")
                + result.suite()
                + "/"
                + result.test()
                + " "
                + result.action();
        if (!result.passed()) {
          line +=
              ": expected "
                  + result.expected()
                  + ", got "
                  + result.actual().effect()
                  + " ("
                  + result.actual().explanation()
                  + ")";
        } else if (verbose) {
          line += ": " + result.actual().explanation();
        }
        out.println(line);
      }
      out.println(
          report.passed()
              + " passed, "
              + report.failed()
              + " failed"
              + (report.errors().isEmpty() ? "" : ", " + report.errors().size() + " errors"));
      out.flush();
      err.flush();
      return report.ok() ? 0 : EXIT_FAILED;
    }
  }

  /** {@code bulwark policy check}: one decision with its explanation; exit 0 allow, 3 deny. */
  @Command(
      name = "check",
      description = {
        "Ask whether a principal may perform actions on a resource.",
        "Prints the effect, deciding policy, rule and explanation per action; exits 0 when every"
            + " action is allowed, 3 when one is denied, 1 on errors."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--dir", required = true, description = "Directory of policies.")
    Path dir;

    @Option(names = "--principal", description = "Principal id; omit for an anonymous caller.")
    String principal;

    @Option(names = "--roles", split = ",", description = "Roles of the principal, e.g. a,b.")
    List<String> roles = List.of();

    @Option(
        names = "--attr",
        description = "Principal attribute KEY=VALUE (YAML value: 42, true, [pwd, otp]).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--spiffe-id", description = "SPIFFE id of a service principal.")
    String spiffeId;

    @Option(
        names = "--resource",
        required = true,
        description = "Resource as KIND:ID (or just KIND).")
    String resource;

    @Option(names = "--resource-attr", description = "Resource attribute KEY=VALUE.")
    Map<String, String> resourceAttributes = new LinkedHashMap<>();

    @Option(
        names = "--action",
        required = true,
        split = ",",
        description = "Action(s) to check, e.g. read or read,update.")
    List<String> actions;

    @Option(names = "--time", description = "Decision time, ISO-8601 instant; default now.")
    Instant time;

    @Option(names = "--source-ip", description = "Context source IP.")
    String sourceIp;

    @Option(names = "--method", description = "Context HTTP method.")
    String method;

    @Option(names = "--path", description = "Context HTTP path.")
    String path;

    @Option(names = "--peer-spiffe-id", description = "Context mTLS peer SPIFFE id.")
    String peerSpiffeId;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      PolicySet policies;
      try {
        policies = PolicyLoader.load(dir);
      } catch (PolicyLoadException e) {
        printErrors(err, e.errors());
        err.flush();
        return EXIT_FAILED;
      }
      Principal who;
      Resource what;
      try {
        who = principal();
        what = resource();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      RequestContext context =
          new RequestContext(
              time == null ? Instant.now() : time, sourceIp, method, path, peerSpiffeId);
      Map<String, Decision> decisions =
          policies.decideAll(who, what, new LinkedHashSet<>(actions), context);
      boolean allAllowed = true;
      for (Map.Entry<String, Decision> entry : decisions.entrySet()) {
        Decision decision = entry.getValue();
        allAllowed &= decision.effect() == Effect.ALLOW;
        out.println(decision.effect() + " " + entry.getKey() + " " + what.kind() + ":" + what.id());
        out.println("  policy: " + (decision.policy().isEmpty() ? "-" : decision.policy()));
        out.println("  rule: " + (decision.rule().isEmpty() ? "-" : decision.rule()));
        out.println("  because: " + decision.explanation());
      }
      out.flush();
      return allAllowed ? 0 : EXIT_DENIED;
    }

    private Principal principal() {
      if (principal == null && roles.isEmpty() && attributes.isEmpty() && spiffeId == null) {
        return Principal.anonymous();
      }
      if (principal == null) {
        throw new IllegalArgumentException(
            "--principal is required with --roles, --attr or --spiffe-id");
      }
      return new Principal(
          principal, new LinkedHashSet<>(roles), parse(attributes), Optional.ofNullable(spiffeId));
    }

    private Resource resource() {
      int colon = resource.indexOf(':');
      String kind = colon < 0 ? resource : resource.substring(0, colon);
      String id = colon < 0 ? "" : resource.substring(colon + 1);
      return new Resource(kind, id, parse(resourceAttributes));
    }

    private static Map<String, Object> parse(Map<String, String> raw) {
      Map<String, Object> out = new LinkedHashMap<>();
      raw.forEach((key, value) -> out.put(key, AttributeValues.parse(value)));
      return out;
    }
  }
}
