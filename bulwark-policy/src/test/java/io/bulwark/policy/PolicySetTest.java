package io.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySetTest {
  private static final RequestContext NOON =
      RequestContext.at(Instant.parse("2025-03-04T12:00:00Z"));

  @TempDir Path dir;

  private PolicySet policies;

  @BeforeEach
  void load() throws IOException, PolicyLoadException {
    write(
        "roles.yaml",
        """
        apiVersion: bulwark.io/v1
        derivedRoles:
          name: doc_roles
          schemas:
            resource: {owner: string, tenant: string}
          definitions:
            - name: owner
              parentRoles: ["*"]
              condition: R.attr.owner == P.id
            - name: same-tenant
              parentRoles: [reader]
              condition: P.attr.tenant == R.attr.tenant
        """);
    write(
        "document.yaml",
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: document
          importDerivedRoles: [doc_roles]
          schemas:
            principal: {tenant: string}
            resource: {owner: string, tenant: string, locked: bool}
          rules:
            - name: readers-read
              actions: [read]
              effect: allow
              roles: [reader]
            - name: owner-does-anything
              actions: ["*"]
              effect: allow
              derivedRoles: [owner]
            - name: no-changes-when-locked
              actions: [update, delete]
              effect: deny
              roles: ["*"]
              condition: R.attr.locked
            - name: tenant-comments
              actions: [comment]
              effect: allow
              derivedRoles: [same-tenant]
            - name: anyone-lists
              actions: [list]
              effect: allow
              roles: ["*", anonymous]
        """);
    write(
        "alice.yaml",
        """
        apiVersion: bulwark.io/v1
        principalPolicy:
          principal: alice
          rules:
            - name: alice-never-deletes
              resource: document
              actions: [delete]
              effect: deny
            - name: alice-archives-anything
              resource: "*"
              actions: [archive]
              effect: allow
        """);
    policies = PolicyLoader.load(dir);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private static Resource doc(String owner, boolean locked) {
    return new Resource("document", "d1", Map.of("owner", owner, "tenant", "t1", "locked", locked));
  }

  @Test
  void roleRuleAllowsWithItsNameAndExplanation() {
    Decision decision =
        policies.decide(Principal.of("bob", "reader"), doc("carol", false), "read", NOON);

    assertThat(decision)
        .isEqualTo(
            new Decision(
                Effect.ALLOW,
                "resource:document",
                "readers-read",
                "rule 'readers-read' of resource:document allows 'read' on document for role"
                    + " 'reader'"));
  }

  @Test
  void noMatchingRuleIsADefaultDenyThatSaysSo() {
    Decision decision =
        policies.decide(Principal.of("bob", "reader"), doc("carol", false), "update", NOON);

    assertThat(decision.effect()).isEqualTo(Effect.DENY);
    assertThat(decision.policy()).isEqualTo("resource:document");
    assertThat(decision.rule()).isEmpty();
    assertThat(decision.explanation())
        .isEqualTo(
            "no rule of resource:document allows 'update' for principal 'bob' with roles"
                + " [reader]; denied by default");
  }

  @Test
  void unknownResourceKindIsDenied() {
    Decision decision =
        policies.decide(Principal.of("bob", "reader"), Resource.of("invoice", "i1"), "read", NOON);

    assertThat(decision.effect()).isEqualTo(Effect.DENY);
    assertThat(decision.policy()).isEmpty();
    assertThat(decision.explanation()).contains("no resource policy for kind 'invoice'");
  }

  @Test
  void derivedRoleGrantsTheOwnerEveryActionThroughTheWildcard() {
    Principal carol = Principal.of("carol", "writer");

    assertThat(
            policies.decideAll(
                carol, doc("carol", false), List.of("read", "update", "share"), NOON))
        .allSatisfy((action, decision) -> assertThat(decision.effect()).isEqualTo(Effect.ALLOW));
    assertThat(policies.decide(carol, doc("carol", false), "share", NOON).explanation())
        .endsWith("for derived role 'owner'");
    assertThat(policies.decide(carol, doc("dave", false), "read", NOON).effect())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void denyOverridesAllowInTheSamePolicy() {
    Decision decision =
        policies.decide(Principal.of("carol", "writer"), doc("carol", true), "update", NOON);

    assertThat(decision.effect()).isEqualTo(Effect.DENY);
    assertThat(decision.rule()).isEqualTo("no-changes-when-locked");
    assertThat(decision.explanation())
        .isEqualTo(
            "rule 'no-changes-when-locked' of resource:document denies 'update' on document for"
                + " any authenticated principal because its condition holds");
  }

  @Test
  void derivedRoleNeedsItsParentRole() {
    Principal reader =
        new Principal("bob", Set.of("reader"), Map.of("tenant", "t1"), Optional.empty());
    Principal outsider =
        new Principal("eve", Set.of("writer"), Map.of("tenant", "t1"), Optional.empty());

    assertThat(policies.decide(reader, doc("carol", false), "comment", NOON).effect())
        .isEqualTo(Effect.ALLOW);
    assertThat(policies.decide(outsider, doc("carol", false), "comment", NOON).effect())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void anonymousMatchesOnlyTheAnonymousRoleNotTheStar() {
    assertThat(policies.decide(Principal.anonymous(), doc("carol", false), "list", NOON).effect())
        .isEqualTo(Effect.ALLOW);
    assertThat(
            policies.decide(Principal.anonymous(), doc("anonymous", false), "read", NOON).effect())
        .as("owner needs an authenticated principal")
        .isEqualTo(Effect.DENY);
  }

  @Test
  void principalPolicyOverridesTheResourcePolicy() {
    Principal alice = Principal.of("alice", "writer");

    Decision delete = policies.decide(alice, doc("alice", false), "delete", NOON);
    assertThat(delete.effect()).isEqualTo(Effect.DENY);
    assertThat(delete.policy()).isEqualTo("principal:alice");
    assertThat(delete.explanation())
        .isEqualTo(
            "rule 'alice-never-deletes' of principal:alice denies 'delete' on document for"
                + " principal 'alice'");
    assertThat(policies.decide(alice, Resource.of("invoice", "i"), "archive", NOON).policy())
        .isEqualTo("principal:alice");
    assertThat(policies.decide(alice, doc("alice", false), "read", NOON).policy())
        .as("no principal rule matches: the resource policy decides")
        .isEqualTo("resource:document");
  }

  @Test
  void evaluationErrorFailsClosedForAllowAndDeny() {
    Resource noAttributes = Resource.of("document", "d2");
    Principal carol = Principal.of("carol", "writer");

    Decision update = policies.decide(carol, noAttributes, "update", NOON);
    assertThat(update.effect()).isEqualTo(Effect.DENY);
    assertThat(update.rule()).isEqualTo("no-changes-when-locked");
    assertThat(update.explanation()).contains("failed to evaluate").contains("fail closed");

    Principal reader = Principal.of("bob", "reader");
    assertThat(policies.decide(reader, noAttributes, "comment", NOON).effect())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void batchKeepsTheOrderOfActions() {
    assertThat(
            policies
                .decideAll(
                    Principal.of("bob", "reader"),
                    doc("x", false),
                    List.of("read", "list", "x"),
                    NOON)
                .keySet())
        .containsExactly("read", "list", "x");
  }

  @Test
  void emptySetDeniesEverything() {
    assertThat(
            PolicySet.empty()
                .decide(Principal.of("a", "admin"), Resource.of("x", "1"), "read", NOON)
                .effect())
        .isEqualTo(Effect.DENY);
  }

  @Test
  void decisionsAreIndependentOfThreads() throws InterruptedException {
    Principal reader = Principal.of("bob", "reader");
    Resource resource = doc("carol", false);
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger allowed =
        new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < 4; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int i = 0; i < 500; i++) {
                  if (policies.decide(reader, resource, "read", NOON).allowed()) {
                    allowed.incrementAndGet();
                  }
                }
              }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(allowed.get()).isEqualTo(2000);
  }
}
