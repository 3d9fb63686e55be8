#ifndef CLINUXEVENTS_SHIM_H
#define CLINUXEVENTS_SHIM_H
/* Linux's epoll and timerfd, which Swift's Glibc module does not export: for `bench idle`'s
   floor prober (CanaryBench), the least a prober can do on this machine. */
#include <sys/epoll.h>
#include <sys/timerfd.h>

static const int CLE_EPOLLIN = EPOLLIN;
static const int CLE_EPOLL_CLOEXEC = EPOLL_CLOEXEC;
static const int CLE_TFD_CLOEXEC = TFD_CLOEXEC;
#endif
