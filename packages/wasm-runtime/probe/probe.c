/* Test probe for @diskimage/wasm-runtime: one small C program exercising exactly the
 * libc calls the runtime fixes or virtualizes, linked like the real tools. Each argument
 * pair is a command, run in order, so one child process checks several things:
 *   env NAME | isatty | pwrite FILE OFFSET TEXT | pread FILE OFFSET LEN | truncate FILE SIZE
 *   size FILE | ioctl FILE | stat PATH | lstat PATH | ls DIR | cat FILE | readlink PATH
 *   chdir DIR | cwd | exit CODE | write FILE TEXT | xattrs PATH
 *   utime FILE SECONDS | gmtime SECONDS | now
 */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static void print_stat(const char *path, int follow) {
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) { printf("stat %s: errno %d\n", path, errno); return; }
  printf("stat %s: mode=%o uid=%u gid=%u size=%lld nlink=%u atime=%lld mtime=%lld ctime=%lld\n", path,
         (unsigned)st.st_mode, (unsigned)st.st_uid, (unsigned)st.st_gid, (long long)st.st_size,
         (unsigned)st.st_nlink, (long long)st.st_atime, (long long)st.st_mtime, (long long)st.st_ctime);
}

int main(int argc, char **argv) {
  printf("argv0=%s\n", argv[0]);
  for (int i = 1; i < argc; i++) {
    const char *cmd = argv[i];
    if (!strcmp(cmd, "env")) { const char *v = getenv(argv[++i]); printf("env %s=%s\n", argv[i], v ? v : "(unset)"); }
    else if (!strcmp(cmd, "isatty")) printf("isatty %d %d %d\n", isatty(0), isatty(1), isatty(2));
    else if (!strcmp(cmd, "pwrite")) {
      int fd = open(argv[i + 1], O_RDWR | O_CREAT, 0644);
      ssize_t n = pwrite(fd, argv[i + 3], strlen(argv[i + 3]), strtoll(argv[i + 2], 0, 10));
      printf("pwrite %zd\n", n); close(fd); i += 3;
    } else if (!strcmp(cmd, "pread")) {
      int fd = open(argv[i + 1], O_RDONLY); char buf[256] = {0};
      ssize_t n = pread(fd, buf, atoi(argv[i + 3]), strtoll(argv[i + 2], 0, 10));
      printf("pread %zd %s\n", n, buf); close(fd); i += 3;
    } else if (!strcmp(cmd, "truncate")) {
      int fd = open(argv[i + 1], O_RDWR | O_CREAT, 0644);
      printf("truncate %d\n", ftruncate(fd, strtoll(argv[i + 2], 0, 10))); close(fd); i += 2;
    } else if (!strcmp(cmd, "size")) {
      int fd = open(argv[++i], O_RDONLY); off_t end = lseek(fd, 0, SEEK_END);
      printf("size %lld\n", (long long)end); close(fd);
    } else if (!strcmp(cmd, "ioctl")) {
      int fd = open(argv[++i], O_RDONLY); unsigned long long size = 0;
      int r = ioctl(fd, 0x80081272 /* BLKGETSIZE64 */, &size);
      printf("ioctl %d %s\n", r, r ? (errno == ENOTTY ? "ENOTTY" : strerror(errno)) : "ok"); close(fd);
    } else if (!strcmp(cmd, "stat")) print_stat(argv[++i], 1);
    else if (!strcmp(cmd, "lstat")) print_stat(argv[++i], 0);
    else if (!strcmp(cmd, "ls")) {
      DIR *d = opendir(argv[++i]); struct dirent *e;
      if (!d) { printf("ls: errno %d\n", errno); continue; }
      printf("ls");
      while ((e = readdir(d))) if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) printf(" %s", e->d_name);
      printf("\n"); closedir(d);
    } else if (!strcmp(cmd, "cat")) {
      FILE *f = fopen(argv[++i], "r"); char buf[256] = {0};
      if (!f) { printf("cat: errno %d\n", errno); continue; }
      size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); printf("cat %zu %s\n", n, buf);
    } else if (!strcmp(cmd, "write")) {
      int fd = open(argv[i + 1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
      printf("write %s\n", fd < 0 ? (errno == EROFS ? "EROFS" : strerror(errno)) : "ok");
      if (fd >= 0) { write(fd, argv[i + 2], strlen(argv[i + 2])); close(fd); }
      i += 2;
    } else if (!strcmp(cmd, "readlink")) {
      char buf[256] = {0}; ssize_t n = readlink(argv[++i], buf, sizeof buf - 1);
      printf("readlink %zd %s\n", n, buf);
    } else if (!strcmp(cmd, "chdir")) printf("chdir %d\n", chdir(argv[++i]));
    else if (!strcmp(cmd, "cwd")) { char buf[512]; printf("cwd %s\n", getcwd(buf, sizeof buf)); }
    else if (!strcmp(cmd, "xattrs")) {
      char names[1024], value[256]; const char *path = argv[++i];
      ssize_t n = llistxattr(path, names, sizeof names);
      printf("xattrs %zd", n);
      for (ssize_t at = 0; at < n; at += strlen(names + at) + 1) {
        ssize_t len = lgetxattr(path, names + at, value, sizeof value);
        printf(" %s=%.*s", names + at, (int)(len < 0 ? 0 : len), value);
      }
      printf("\n");
    }
    else if (!strcmp(cmd, "utime")) {
      struct utimbuf times = { .actime = strtoll(argv[i + 2], 0, 10), .modtime = strtoll(argv[i + 2], 0, 10) };
      printf("utime %d\n", utime(argv[i + 1], &times)); i += 2;
    } else if (!strcmp(cmd, "gmtime")) {
      /* gmtime, strftime and timegm back: the JS time functions read and return 64 bits. */
      time_t t = strtoll(argv[++i], 0, 10); struct tm tm; char buf[64];
      gmtime_r(&t, &tm); strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
      printf("gmtime %s timegm=%lld\n", buf, (long long)timegm(&tm));
    } else if (!strcmp(cmd, "now")) {
      time_t t; time_t r = time(&t);
      printf("now sizeof=%zu same=%d positive=%d\n", sizeof(time_t), r == t, r > 1700000000);
    }
    else if (!strcmp(cmd, "exit")) { fflush(stdout); fprintf(stderr, "probe: exiting with %s\n", argv[i + 1]); return atoi(argv[i + 1]); }
    else { fprintf(stderr, "probe: unknown command %s\n", cmd); return 64; }
  }
  return 0;
}
