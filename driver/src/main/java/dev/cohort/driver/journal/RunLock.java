package dev.cohort.driver.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Who holds a run: a lock on {@code <journal>.lock} that its driver keeps while it runs. The kernel
 * drops the lock when the process dies, however it dies, so "no driver holds the run" is exactly
 * "the lock is free" — which is what the orphan keeper watches.
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of {@code journal}. */
  public static Path fileOf(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".lock");
  }

  /** Takes the run's lock if no one holds it. */
  public static Optional<RunLock> tryTake(Path journal) throws IOException {
    FileChannel ch =
        FileChannel.open(fileOf(journal), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new RunLock(ch, l));
    } catch (OverlappingFileLockException e) {
      ch.close();
      return Optional.empty(); // this very process holds it
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel either way
    }
  }
}
