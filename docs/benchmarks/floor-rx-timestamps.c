// An experiment behind BENCHMARKS.md ("Idle cost"), not part of canarytop: an open-loop prober
// that wakes only for its timer. Replies are not waited for: each is read at the next tick with
// recvmsg, and its latency taken from the kernel's receive timestamp (SO_TIMESTAMPING, software
// RX), so a request costs one wake-up instead of two. Build and run against the demo's web:
//   gcc -O2 -o floor-rx floor-rx-timestamps.c && ./floor-rx 9090 100 6
// Arguments: port, requests per second, seconds. Prints CPU % of one core, switches and µs per request.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <errno.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <linux/net_tstamp.h>
#include <linux/errqueue.h>
static double nowr(void){struct timespec t;clock_gettime(CLOCK_REALTIME,&t);return t.tv_sec+t.tv_nsec/1e9;}
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
static double cpu(void){struct rusage r;getrusage(RUSAGE_SELF,&r);return r.ru_utime.tv_sec+r.ru_utime.tv_usec/1e6+r.ru_stime.tv_sec+r.ru_stime.tv_usec/1e6;}
struct conn{int fd;int busy;long have;long need;double sentr;char buf[65536];};
struct conn C[64]; int nc=0; int port;
static int mk(void){int s=socket(AF_INET,SOCK_STREAM|SOCK_NONBLOCK,0); struct sockaddr_in a={.sin_family=AF_INET,.sin_port=htons(port)}; inet_pton(AF_INET,"127.0.0.1",&a.sin_addr);
  connect(s,(void*)&a,sizeof a); int one=1; setsockopt(s,IPPROTO_TCP,TCP_NODELAY,&one,4);
  int f=SOF_TIMESTAMPING_RX_SOFTWARE|SOF_TIMESTAMPING_SOFTWARE; if(setsockopt(s,SOL_SOCKET,SO_TIMESTAMPING,&f,sizeof f))perror("ts");
  usleep(1000); C[nc].fd=s; return nc++;}
int main(int argc,char**argv){
  port=atoi(argv[1]); double rate=atof(argv[2]); double secs=atof(argv[3]);
  const char*req="GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  int tfd=timerfd_create(CLOCK_MONOTONIC,0);
  struct itimerspec it={0}; long ns=(long)(1e9/rate); it.it_interval.tv_nsec=ns; it.it_value.tv_nsec=ns; timerfd_settime(tfd,0,&it,0);
  long sent=0,got=0,nots=0; double lat=0,latmax=0; double c0=cpu(),t0=now(); struct rusage r0;getrusage(RUSAGE_SELF,&r0);
  while(now()-t0<secs){ uint64_t x; read(tfd,&x,8);
    for(int j=0;j<nc;j++){struct conn*c=&C[j]; if(!c->busy) continue;
      for(;;){ struct iovec iov={c->buf+c->have,sizeof c->buf-c->have}; char ctl[256]; struct msghdr m={.msg_iov=&iov,.msg_iovlen=1,.msg_control=ctl,.msg_controllen=sizeof ctl};
        ssize_t k=recvmsg(c->fd,&m,MSG_DONTWAIT); if(k<0) break; if(k==0){printf("closed\n");return 1;} c->have+=k; double ts=-1;
        for(struct cmsghdr*h=CMSG_FIRSTHDR(&m);h;h=CMSG_NXTHDR(&m,h)) if(h->cmsg_level==SOL_SOCKET&&h->cmsg_type==SCM_TIMESTAMPING){struct scm_timestamping*t=(void*)CMSG_DATA(h); ts=t->ts[0].tv_sec+t->ts[0].tv_nsec/1e9;}
        if(c->need<0){char*hh=memmem(c->buf,c->have,"\r\n\r\n",4); if(hh){char*cl=strcasestr(c->buf,"content-length:"); c->need=(hh+4-c->buf)+(cl?atol(cl+15):0);}}
        if(c->need>=0&&c->have>=c->need){c->busy=0;got++; if(ts>0){double l=ts-c->sentr; lat+=l; if(l>latmax)latmax=l;} else nots++; break;}}}
    int j; for(j=0;j<nc&&C[j].busy;j++); if(j==nc) j=mk();
    C[j].busy=1;C[j].have=0;C[j].need=-1; C[j].sentr=nowr(); write(C[j].fd,req,strlen(req));sent++;}
  struct rusage r;getrusage(RUSAGE_SELF,&r);
  printf("rate=%.0f sent=%ld replies=%ld conns=%d cpu=%.3f%% sw/req=%.2f us/req=%.0f mean-latency=%.2fms max=%.2fms no-ts=%ld\n",rate,sent,got,nc,(cpu()-c0)/secs*100,
    (double)(r.ru_nvcsw+r.ru_nivcsw-r0.ru_nvcsw-r0.ru_nivcsw)/sent,(cpu()-c0)/sent*1e6,lat/(got-nots)*1e3,latmax*1e3,nots);
}
