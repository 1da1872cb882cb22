// Brief measurement for issue 16.1: what seccomp user notification on connect(2) costs each call
// (a round trip to a supervisor), against the bare call. UDP connect to 127.0.0.1: no packet.
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static double loop(int n){int s=socket(AF_INET,SOCK_DGRAM,0);struct sockaddr_in a={.sin_family=AF_INET,.sin_port=htons(9)};a.sin_addr.s_addr=htonl(0x7f000001);double t=now();for(int i=0;i<n;i++)connect(s,(void*)&a,sizeof a);t=now()-t;close(s);return t/n*1e6;}
static int send_fd(int sock,int fd){char c='x';struct iovec io={&c,1};char buf[CMSG_SPACE(sizeof fd)];struct msghdr m={.msg_iov=&io,.msg_iovlen=1,.msg_control=buf,.msg_controllen=sizeof buf};struct cmsghdr*h=CMSG_FIRSTHDR(&m);h->cmsg_level=SOL_SOCKET;h->cmsg_type=SCM_RIGHTS;h->cmsg_len=CMSG_LEN(sizeof fd);memcpy(CMSG_DATA(h),&fd,sizeof fd);return sendmsg(sock,&m,0);}
static int recv_fd(int sock){char c;struct iovec io={&c,1};char buf[CMSG_SPACE(sizeof(int))];struct msghdr m={.msg_iov=&io,.msg_iovlen=1,.msg_control=buf,.msg_controllen=sizeof buf};if(recvmsg(sock,&m,0)<0)return -1;int fd;memcpy(&fd,CMSG_DATA(CMSG_FIRSTHDR(&m)),sizeof fd);return fd;}
int main(void){
  int n=20000;
  printf("bare connect: %.2f us/call\n",loop(n));fflush(stdout);
  int sp[2];socketpair(AF_UNIX,SOCK_STREAM,0,sp);
  pid_t pid=fork();
  if(pid==0){
    struct sock_filter f[]={BPF_STMT(BPF_LD|BPF_W|BPF_ABS,offsetof(struct seccomp_data,nr)),BPF_JUMP(BPF_JMP|BPF_JEQ|BPF_K,SYS_connect,0,1),BPF_STMT(BPF_RET|BPF_K,SECCOMP_RET_USER_NOTIF),BPF_STMT(BPF_RET|BPF_K,SECCOMP_RET_ALLOW)};
    struct sock_fprog p={4,f};prctl(PR_SET_NO_NEW_PRIVS,1,0,0,0);
    int nfd=syscall(SYS_seccomp,SECCOMP_SET_MODE_FILTER,SECCOMP_FILTER_FLAG_NEW_LISTENER,&p);
    if(nfd<0){perror("seccomp");_exit(1);}
    send_fd(sp[0],nfd);close(nfd);
    printf("connect under seccomp user notification (supervisor continues it): %.2f us/call\n",loop(n));
    fflush(stdout);_exit(0);
  }
  int nfd=recv_fd(sp[1]);
  struct seccomp_notif_sizes sz;syscall(SYS_seccomp,SECCOMP_GET_NOTIF_SIZES,0,&sz);
  struct seccomp_notif*req=calloc(1,sz.seccomp_notif);struct seccomp_notif_resp*resp=calloc(1,sz.seccomp_notif_resp);
  for(;;){memset(req,0,sz.seccomp_notif);if(ioctl(nfd,SECCOMP_IOCTL_NOTIF_RECV,req)<0)break;memset(resp,0,sz.seccomp_notif_resp);resp->id=req->id;resp->flags=SECCOMP_USER_NOTIF_FLAG_CONTINUE;ioctl(nfd,SECCOMP_IOCTL_NOTIF_SEND,resp);}
  waitpid(pid,0,0);return 0;}
