package dev.cohort.sim.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.core.job.ReplicaState;
import dev.cohort.core.port.PgId;
import dev.cohort.core.port.ReplicaId;
import dev.cohort.core.port.Slot;
import dev.cohort.core.resources.Resources;
import dev.cohort.sim.gcs.GcsView;
import dev.cohort.sim.gcs.PgState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each invariant family fires on a state broken in exactly one way, and stays quiet on the same
 * state when it is consistent. The world is built by hand through the checks' narrow view: two
 * four-CPU nodes, job {@code a} with a two-bundle gang group placed one bundle per node, both
 * replicas running in their bundles.
 */
class InvariantCheckerTest {

  /** A job as the checks see it, with every answer settable. */
  static class Job implements JobView {
    final String name;
    final ReplicaState[] states;
    final boolean[] placed;
    boolean finished;

    Job(String name, int max) {
      this.name = name;
      states = new ReplicaState[max];
      placed = new boolean[max];
      java.util.Arrays.fill(states, ReplicaState.SCHEDULING);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int maxReplicas() {
      return states.length;
    }

    @Override
    public int running() {
      int n = 0;
      for (ReplicaState s : states) {
        n += s == ReplicaState.RUNNING ? 1 : 0;
      }
      return n;
    }

    @Override
    public ReplicaState replicaState(int i) {
      return states[i];
    }

    @Override
    public boolean placed(int i) {
      return placed[i];
    }

    @Override
    public boolean finished() {
      return finished;
    }
  }

  /** The simulation as the checks see it. */
  static final class World implements SimulationView {
    final StubGcs gcs = new StubGcs();
    final Map<String, JobView> jobs = new LinkedHashMap<>();
    final List<Process> processes = new ArrayList<>();

    @Override
    public long now() {
      return 42;
    }

    @Override
    public GcsView gcs() {
      return gcs;
    }

    @Override
    public Collection<JobView> activeJobs() {
      return jobs.values();
    }

    @Override
    public Optional<JobView> activeJob(String name) {
      return Optional.ofNullable(jobs.get(name));
    }

    @Override
    public List<Process> processes() {
      return processes;
    }
  }

  World world;
  StubGcs.Group gang;
  Job a;
  InvariantChecker checker;

  @BeforeEach
  void consistentWorld() {
    world = new World();
    world.gcs.node(0, 4).node(1, 4);
    gang = world.gcs.group(new PgId("a", 0), 2, 2);
    world.gcs.place(gang, 0, 0);
    world.gcs.place(gang, 1, 1);
    gang.state = PgState.CREATED;
    a = new Job("a", 2);
    for (int i = 0; i < 2; i++) {
      a.states[i] = ReplicaState.RUNNING;
      a.placed[i] = true;
      world.processes.add(
          new SimulationView.Process(new ReplicaId("a", i), i, new Slot.InBundle(gang.id(), i)));
    }
    world.jobs.put("a", a);
    checker = new InvariantChecker(world);
  }

  static void fires(Executable check, String words) {
    InvariantViolation v = assertThrows(InvariantViolation.class, check);
    assertTrue(v.getMessage().contains(words), v.getMessage());
  }

  @Test
  void consistentStatePassesEveryFamily() {
    assertDoesNotThrow(checker::check);
  }

  @Nested
  class Ledger {
    @Test
    void reservationTheLedgerDoesNotShowIsAMismatch() {
      world.gcs.view.release(1, Resources.of("CPU", 2));
      fires(checker::ledger, "ledger mismatch");
    }

    @Test
    void moreReservedThanTheNodeHasIsOverCommit() {
      StubGcs.Group b = world.gcs.group(new PgId("b", 0), 1, 3);
      b.nodes[0] = 0; // 2 + 3 CPUs on a 4-CPU node
      fires(checker::ledger, "over-committed");
    }

    @Test
    void bundleOnADeadNode() {
      world.gcs.view.removeNode(1);
      fires(checker::ledger, "bundle a/pg0[1] on dead node 1");
    }

    @Test
    void actorOnADeadNode() {
      world.gcs.view.addNode(2, "n2", Resources.of("CPU", 4));
      world.gcs.placeActor(new ReplicaId("c", 0), 1, 2);
      assertDoesNotThrow(checker::ledger);
      world.gcs.view.removeNode(2);
      fires(checker::ledger, "actor of c/r0 on dead node 2");
    }

    @Test
    void inFlightAcquisitionsCountAsReserved() {
      StubGcs.Group b = world.gcs.group(new PgId("b", 0), 1, 2);
      world.gcs.inFlight = b;
      world.gcs.view.acquire(0, Resources.of("CPU", 2));
      fires(checker::ledger, "ledger mismatch");
      world.gcs.inFlightPlan.put(0, 0);
      assertDoesNotThrow(checker::ledger);
    }
  }

  @Nested
  class Queue {
    StubGcs.Group b;
    StubGcs.Group c;

    @BeforeEach
    void twoWaiting() {
      b = world.gcs.group(new PgId("b", 0), 1, 4);
      c = world.gcs.group(new PgId("c", 0), 1, 4);
      world.gcs.queue.add(new GcsView.QueuedGroup(1, b));
      world.gcs.queue.add(new GcsView.QueuedGroup(2, c));
      assertDoesNotThrow(checker::queue);
    }

    @Test
    void outOfRankOrder() {
      world.gcs.queue.set(1, new GcsView.QueuedGroup(0, c));
      fires(checker::queue, "out of rank order at c/pg0");
    }

    @Test
    void groupQueuedTwice() {
      world.gcs.queue.add(new GcsView.QueuedGroup(3, b));
      fires(checker::queue, "b/pg0 queued twice");
    }

    @Test
    void createdGroupInTheQueue() {
      c.state = PgState.CREATED;
      fires(checker::queue, "queued group c/pg0 is CREATED");
    }

    @Test
    void groupBothQueuedAndInFlight() {
      world.gcs.inFlight = c;
      fires(checker::queue, "c/pg0 both queued and in flight");
    }
  }

  @Nested
  class Controllers {
    @Test
    void moreRunningThanMax() {
      Job big =
          new Job("big", 1) {
            @Override
            public int running() {
              return 2;
            }
          };
      world.jobs.put("big", big);
      fires(checker::controllers, "big runs 2 > max 1");
    }

    @Test
    void runningOutsideAPlacedSlot() {
      a.placed[1] = false;
      fires(checker::controllers, "a/r1 RUNNING outside a placed slot");
    }

    @Test
    void finishedWithReplicasRunning() {
      a.finished = true;
      fires(checker::controllers, "a finished with replicas running");
    }
  }

  @Nested
  class Processes {
    @Test
    void processOnAnotherNodeThanItsSlot() {
      world.processes.set(
          1, new SimulationView.Process(new ReplicaId("a", 1), 0, new Slot.InBundle(gang.id(), 1)));
      fires(checker::processes, "process of a/r1 on node 0 but its slot is on 1");
    }

    @Test
    void processOfAReplicaThatIsNotRunning() {
      a.states[0] = ReplicaState.FAILING;
      fires(checker::processes, "process of a/r0 alive while its replica is FAILING");
    }

    @Test
    void processOfAJobThatIsNoLongerActive() {
      world.jobs.remove("a");
      fires(checker::processes, "alive while its replica is null");
    }

    @Test
    void actorProcessMustSitOnItsActorsNode() {
      world.gcs.view.addNode(2, "n2", Resources.of("CPU", 4));
      ReplicaId r = new ReplicaId("d", 0);
      world.gcs.placeActor(r, 1, 2);
      Job d = new Job("d", 1);
      d.states[0] = ReplicaState.RUNNING;
      d.placed[0] = true;
      world.jobs.put("d", d);
      world.processes.add(
          new SimulationView.Process(r, 2, new Slot.Actor(r, Resources.of("CPU", 1))));
      assertDoesNotThrow(checker::check);
      world.processes.set(
          2, new SimulationView.Process(r, 1, new Slot.Actor(r, Resources.of("CPU", 1))));
      fires(checker::processes, "process of d/r0 on node 1 but its slot is on 2");
    }
  }

  @Nested
  class Leaks {
    @Test
    void aGroupOfAJobThatIsNotActive() {
      world.gcs.group(new PgId("gone", 0), 1, 1);
      fires(checker::leaks, "placement group gone/pg0 left behind");
    }

    @Test
    void anActorOfAJobThatIsNotActive() {
      world.gcs.view.addNode(2, "n2", Resources.of("CPU", 4));
      world.gcs.placeActor(new ReplicaId("gone", 0), 1, 2);
      fires(checker::leaks, "actor of gone/r0 left behind");
    }

    @Test
    void aQueuedRequestOfAJobThatIsNotActive() {
      world.gcs.queuedActors.put(new ReplicaId("gone", 1), Resources.of("CPU", 1));
      fires(checker::leaks, "actor request of gone/r1 left behind");
    }
  }
}
