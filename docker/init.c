/*
 * redcheck-init: PID 1 of every redcheck node, compiled statically on the host and
 * bind-mounted read-only into the node (any image: it needs no shell, no libc, no tools).
 *
 * It writes the node's configs, starts the data server (and the sentinel, for the Sentinel
 * topology: the same binary with --sentinel) as its children, reaps them, and starts them again
 * when asked. Killing or pausing a server is done from outside (the node's helper shares this
 * PID namespace and signals the server's pid), so a killed server never takes the node's
 * namespaces with it: this process holds them.
 *
 * Environment (read once, removed before a server starts):
 *   REDCHECK_SERVER         the server binary: a path, or a name looked up on PATH; default
 *                           redis-server, then valkey-server
 *   REDCHECK_REDIS_CONF     the data server's config, written to /etc/redcheck/redis.conf
 *   REDCHECK_SENTINEL_CONF  the sentinel's config (written to /etc/redcheck/sentinel.conf);
 *                           without it no sentinel runs
 *   REDCHECK_TRACKER        the fsync tracker to preload into the servers (power loss), used
 *                           only when the server binary is linked against glibc
 * Signals:
 *   34 start the data server unless it runs; 35 the same for the sentinel
 *   SIGTERM, SIGINT: SIGTERM to the servers, exit once they are gone (at most 2 s)
 * Files, in /run/redcheck: <role>.pid while the server lives; <role>.exit its last exit
 * ("exit N" or "signal N"); tracker ("yes", or "no: why").
 * Output: the servers log to stdout (the engine's log of the container); this program's own
 * lines start with "redcheck-init:".
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SIG_START_REDIS 34
#define SIG_START_SENTINEL 35
#define RUN_DIR "/run/redcheck"
#define FSYNC_DIR "/run/redcheck/fsync"

enum { REDIS, SENTINEL, ROLES };
static const char *const ROLE_NAME[ROLES] = {"redis", "sentinel"};
static const char *const CONF[ROLES] = {"/etc/redcheck/redis.conf", "/etc/redcheck/sentinel.conf"};
static pid_t child[ROLES];
static int enabled[ROLES];
static char server[4096];

static void say(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "redcheck-init: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
}

static void mkdirs(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    mkdir(buf, 0755);
    *p = '/';
  }
  mkdir(buf, 0755);
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  size_t left = strlen(text);
  while (left > 0) {
    ssize_t n = write(fd, text, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return -1;
    }
    text += n;
    left -= (size_t)n;
  }
  return close(fd);
}

static void role_file(int role, const char *suffix, char *out, size_t size) {
  snprintf(out, size, RUN_DIR "/%s.%s", ROLE_NAME[role], suffix);
}

/* `name` resolved to an executable path (as execvp would), in `server`; 0 when found. */
static int find_binary(const char *name) {
  if (strchr(name, '/')) {
    snprintf(server, sizeof server, "%s", name);
    return access(server, X_OK);
  }
  const char *path = getenv("PATH");
  if (path == NULL || *path == 0) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  while (*path) {
    size_t len = strcspn(path, ":");
    snprintf(server, sizeof server, "%.*s/%s", (int)len, path, name);
    if (len > 0 && access(server, X_OK) == 0) return 0;
    path += len + (path[len] == ':');
  }
  return -1;
}

/* The ELF interpreter of `path` in `out` ("" for a static binary); -1 when not a 64-bit ELF. */
static int elf_interp(const char *path, char *out, size_t size) {
  out[0] = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  Elf64_Ehdr eh;
  int result = -1;
  if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh && memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
      eh.e_ident[EI_CLASS] == ELFCLASS64) {
    result = 0;
    for (int i = 0; i < eh.e_phnum; i++) {
      Elf64_Phdr ph;
      if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (Elf64_Off)i * eh.e_phentsize)) != (ssize_t)sizeof ph) break;
      if (ph.p_type != PT_INTERP) continue;
      size_t n = ph.p_filesz < size - 1 ? ph.p_filesz : size - 1;
      ssize_t r = pread(fd, out, n, (off_t)ph.p_offset);
      out[r > 0 ? r : 0] = 0;
      break;
    }
  }
  close(fd);
  return result;
}

/* Preload the fsync tracker when the server is a glibc binary; say why not otherwise. */
static void set_up_tracker(void) {
  const char *tracker = getenv("REDCHECK_TRACKER");
  char interp[256];
  char why[sizeof server + 512] = "yes\n";
  if (tracker == NULL || *tracker == 0) {
    snprintf(why, sizeof why, "no: no tracker was given\n");
  } else if (access(tracker, R_OK) != 0) {
    snprintf(why, sizeof why, "no: %s is not readable in the node\n", tracker);
  } else if (elf_interp(server, interp, sizeof interp) != 0) {
    snprintf(why, sizeof why, "no: %s is not a 64-bit ELF binary\n", server);
  } else if (interp[0] == 0) {
    snprintf(why, sizeof why, "no: %s is statically linked (LD_PRELOAD cannot reach it)\n", server);
  } else if (strstr(interp, "ld-linux") == NULL) {
    snprintf(why, sizeof why, "no: %s is not linked against glibc (its loader is %s)\n", server, interp);
  } else {
    setenv("LD_PRELOAD", tracker, 1);
    setenv("REDCHECK_FSYNC_DIR", FSYNC_DIR, 1);
  }
  write_file(RUN_DIR "/tracker", why);
}

static void start(int role) {
  if (!enabled[role] || child[role] > 0) return;
  char path[256];
  role_file(role, "exit", path, sizeof path);
  unlink(path);
  pid_t pid = fork();
  if (pid < 0) {
    say("fork for %s failed: %s", ROLE_NAME[role], strerror(errno));
    return;
  }
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setpgid(0, 0);
    char *const argv_redis[] = {server, (char *)CONF[REDIS], NULL};
    char *const argv_sentinel[] = {server, (char *)CONF[SENTINEL], "--sentinel", NULL};
    execv(server, role == REDIS ? argv_redis : argv_sentinel);
    say("exec %s failed: %s", server, strerror(errno));
    _exit(127);
  }
  child[role] = pid;
  char text[32];
  snprintf(text, sizeof text, "%d\n", (int)pid);
  role_file(role, "pid", path, sizeof path);
  write_file(path, text);
}

static void reap(void) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (int role = 0; role < ROLES; role++) {
      if (pid != child[role]) continue;
      child[role] = 0;
      char path[256];
      char text[32];
      role_file(role, "pid", path, sizeof path);
      unlink(path);
      if (WIFSIGNALED(status)) snprintf(text, sizeof text, "signal %d\n", WTERMSIG(status));
      else snprintf(text, sizeof text, "exit %d\n", WEXITSTATUS(status));
      role_file(role, "exit", path, sizeof path);
      write_file(path, text);
      text[strcspn(text, "\n")] = 0;
      say("%s ended: %s", ROLE_NAME[role], text);
    }
  }
}

static void shut_down(void) {
  for (int role = 0; role < ROLES; role++) {
    if (child[role] > 0) {
      kill(child[role], SIGCONT);
      kill(child[role], SIGTERM);
    }
  }
  struct timespec tick = {0, 20 * 1000 * 1000};
  for (int i = 0; i < 100 && (child[REDIS] > 0 || child[SENTINEL] > 0); i++) {
    nanosleep(&tick, NULL);
    reap();
  }
  exit(0);
}

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIG_START_REDIS);
  sigaddset(&set, SIG_START_SENTINEL);
  sigprocmask(SIG_BLOCK, &set, NULL);

  const char *name = getenv("REDCHECK_SERVER");
  int found = name && *name ? find_binary(name) : find_binary("redis-server") == 0 ? 0 : find_binary("valkey-server");
  if (found != 0) {
    say("no server binary: %s not found or not executable (PATH=%s)",
        name && *name ? name : "redis-server or valkey-server", getenv("PATH") ? getenv("PATH") : "");
    return 127;
  }
  mkdirs(FSYNC_DIR);
  mkdirs("/etc/redcheck");
  mkdirs("/data/sentinel");
  const char *conf[ROLES] = {getenv("REDCHECK_REDIS_CONF"), getenv("REDCHECK_SENTINEL_CONF")};
  for (int role = 0; role < ROLES; role++) {
    if (conf[role] == NULL) continue;
    if (write_file(CONF[role], conf[role]) != 0) {
      say("cannot write %s: %s", CONF[role], strerror(errno));
      return 1;
    }
    enabled[role] = 1;
  }
  set_up_tracker();
  unsetenv("REDCHECK_SERVER");
  unsetenv("REDCHECK_REDIS_CONF");
  unsetenv("REDCHECK_SENTINEL_CONF");
  unsetenv("REDCHECK_TRACKER");
  write_file(RUN_DIR "/server", server);
  start(REDIS);
  start(SENTINEL);
  for (;;) {
    int sig = sigwaitinfo(&set, NULL);
    if (sig == SIGCHLD) reap();
    else if (sig == SIG_START_REDIS) start(REDIS);
    else if (sig == SIG_START_SENTINEL) start(SENTINEL);
    else if (sig == SIGTERM || sig == SIGINT) shut_down();
  }
}
