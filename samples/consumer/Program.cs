// The network in ../ibm-cloud-hybrid is checked by the Netflow analyzer while this project builds.
System.Console.WriteLine("The network checks clean: the build would have failed otherwise.");
