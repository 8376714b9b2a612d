/*
 * fsync-tracker.so: an LD_PRELOAD library for redcheck's power-loss fault.
 *
 * After each fsync(2) or fdatasync(2) of a regular file that succeeds, it records the size
 * the file had just before the call (see fsync-record.h): everything up to that size was
 * written before the call began, so the kernel has made it durable. Bytes written during or
 * after the call are not counted (a write racing an fsync in another thread may or may not
 * be durable). The fault (redcheck-power-cut) later cuts each file back to that size.
 *
 * Does nothing unless REDCHECK_FSYNC_DIR names a directory. The caller's return value and
 * errno are passed through unchanged; a record that cannot be written is skipped (the file
 * then looks less durable than it is: a power loss drops more, never less).
 *
 * Not tracked: sync(2), syncfs(2), sync_file_range(2) (it makes no durability promise),
 * msync(2), O_SYNC/O_DSYNC writes. Redis uses none of these for its data files.
 */
#include "fsync-record.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*sync_fn)(int);

static sync_fn real_fn(const char *name) { return (sync_fn)dlsym(RTLD_NEXT, name); }

/* The file behind `fd` before the sync: 1 when it is a regular file worth recording. */
static int before(int fd, struct statx *st) {
  if (getenv("REDCHECK_FSYNC_DIR") == NULL) return 0;
  if (statx(fd, "", AT_EMPTY_PATH, RECORD_STATX_MASK, st) != 0) return 0;
  return S_ISREG(st->stx_mode) ? 1 : 0;
}

static void record(const struct statx *st) {
  const char *dir = getenv("REDCHECK_FSYNC_DIR");
  char name[RECORD_NAME_MAX];
  char path[PATH_MAX];
  char line[RECORD_WIDTH + 2];
  if (dir == NULL || record_name(st, name, sizeof name) != 0) return;
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n <= 0 || (size_t)n >= sizeof path) return;
  snprintf(line, sizeof line, "%0*llu\n", RECORD_WIDTH, (unsigned long long)st->stx_size);
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  /* Fixed width at offset 0: a record is replaced whole, never left half old, half new. */
  ssize_t w = pwrite(fd, line, RECORD_WIDTH + 1, 0);
  (void)w;
  close(fd);
}

static int tracked(const char *name, int fd) {
  static sync_fn fns[2];
  int which = name[1] == 's' ? 0 : 1; /* "fsync" or "fdatasync" */
  sync_fn real = __atomic_load_n(&fns[which], __ATOMIC_ACQUIRE);
  if (real == NULL) {
    real = real_fn(name);
    if (real == NULL) {
      errno = ENOSYS;
      return -1;
    }
    __atomic_store_n(&fns[which], real, __ATOMIC_RELEASE);
  }
  struct statx st;
  int saved = errno;
  int want = before(fd, &st);
  errno = saved;
  int ret = real(fd);
  if (ret == 0 && want) {
    saved = errno;
    record(&st);
    errno = saved;
  }
  return ret;
}

int fsync(int fd) { return tracked("fsync", fd); }

int fdatasync(int fd) { return tracked("fdatasync", fd); }
