/*
 * redcheck-power-cut DIR...: the disk side of redcheck's power-loss fault. Run it after every
 * process writing to DIR has been killed.
 *
 * Each regular file directly in each DIR is cut back to the size it had when it was last
 * made durable, as fsync-tracker.so recorded it in REDCHECK_FSYNC_DIR (see fsync-record.h);
 * a file with no record (never fsynced) is cut to 0 bytes. One JSON line per file goes to
 * stdout: {"file", "size" (before), "synced" (the recorded size, or null), "dropped"}.
 *
 * Modelled: the page cache is lost, so a file keeps exactly what fsync made durable.
 * Not modelled: directory entries (a file created or renamed since its directory was last
 * fsynced stays, under its new name); torn or reordered writes inside the synced size; data
 * overwritten in place after the last fsync (only appends are undone); a file truncated by
 * its writer after its last fsync (kept as it is, never grown back).
 *
 * Exit: 0 done, 2 when REDCHECK_FSYNC_DIR or a DIR cannot be read (nothing is cut then).
 */
#include "fsync-record.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The recorded synced size of the file `st` describes: 1 and *size when there is one. */
static int synced_size(const char *records, const struct statx *st, unsigned long long *size) {
  char name[RECORD_NAME_MAX];
  char path[PATH_MAX];
  char line[RECORD_WIDTH + 2] = {0};
  if (record_name(st, name, sizeof name) != 0) return 0;
  int n = snprintf(path, sizeof path, "%s/%s", records, name);
  if (n <= 0 || (size_t)n >= sizeof path) return 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t r = pread(fd, line, RECORD_WIDTH + 1, 0);
  close(fd);
  if (r < RECORD_WIDTH) return 0;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(line, &end, 10);
  if (errno != 0 || end != line + RECORD_WIDTH) return 0;
  *size = v;
  return 1;
}

/* `s` as a JSON string body (file names here are plain, but quote what needs it). */
static void json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
}

static int cut_dir(const char *records, const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    fprintf(stderr, "redcheck-power-cut: cannot read %s: %s\n", dir, strerror(errno));
    return 2;
  }
  int status = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char path[PATH_MAX];
    struct statx st;
    int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (n <= 0 || (size_t)n >= sizeof path) continue;
    if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, RECORD_STATX_MASK, &st) != 0) continue;
    if (!S_ISREG(st.stx_mode)) continue;
    unsigned long long synced = 0;
    int known = synced_size(records, &st, &synced);
    unsigned long long size = st.stx_size;
    unsigned long long keep = synced < size ? synced : size;
    if (keep < size && truncate(path, (off_t)keep) != 0) {
      fprintf(stderr, "redcheck-power-cut: truncate %s to %llu: %s\n", path, keep,
              strerror(errno));
      status = 1;
      continue;
    }
    printf("{\"file\":");
    json_string(path);
    printf(",\"size\":%llu,\"synced\":", size);
    if (known) printf("%llu", synced);
    else printf("null");
    printf(",\"dropped\":%llu}\n", size - keep);
  }
  closedir(d);
  return status;
}

int main(int argc, char **argv) {
  const char *records = getenv("REDCHECK_FSYNC_DIR");
  if (records == NULL || access(records, R_OK | X_OK) != 0) {
    fprintf(stderr, "redcheck-power-cut: REDCHECK_FSYNC_DIR (%s) is not a readable directory\n",
            records == NULL ? "unset" : records);
    return 2;
  }
  if (argc < 2) {
    fprintf(stderr, "usage: redcheck-power-cut DIR...\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    if (access(argv[i], R_OK | X_OK) != 0) {
      fprintf(stderr, "redcheck-power-cut: cannot read %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int s = cut_dir(records, argv[i]);
    if (s > status) status = s;
  }
  fflush(stdout);
  return status;
}
