/*
 * The record of what a file has made durable, shared by fsync-tracker.so (which writes it)
 * and redcheck-power-cut (which reads it). One small file per data file, in the directory
 * named by REDCHECK_FSYNC_DIR, named after the data file's identity:
 *
 *   <st_dev major>.<st_dev minor>-<st_ino>-<birth seconds>.<birth nanoseconds>
 *
 * The birth time tells a new file from an old one that had the same inode number (an inode
 * freed by unlink or rename is soon reused). It is 0.0 where the file system gives none.
 * The record holds one line: the file's size, in decimal, padded to RECORD_WIDTH digits,
 * as it was just before an fsync/fdatasync of the file that succeeded.
 */
#ifndef REDCHECK_FSYNC_RECORD_H
#define REDCHECK_FSYNC_RECORD_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#define RECORD_WIDTH 20
#define RECORD_NAME_MAX 96

/* The record's file name for the file `st` describes; 0, or -1 when it does not fit. */
static inline int record_name(const struct statx *st, char *out, size_t size) {
  unsigned long long bsec = 0, bnsec = 0;
  if (st->stx_mask & STATX_BTIME) {
    bsec = (unsigned long long)st->stx_btime.tv_sec;
    bnsec = st->stx_btime.tv_nsec;
  }
  int n = snprintf(out, size, "%u.%u-%llu-%llu.%09llu", st->stx_dev_major, st->stx_dev_minor,
                   (unsigned long long)st->stx_ino, bsec, bnsec);
  return n > 0 && (size_t)n < size ? 0 : -1;
}

#define RECORD_STATX_MASK (STATX_TYPE | STATX_INO | STATX_SIZE | STATX_BTIME)

#endif
