// The network this program is about lives in network/*.netflow. The build checks it and compiles it into the typed
// API used here (CsharpConsumer.Network, generated from those files), whose flows run on Netflow.Runtime.
using CsharpConsumer;
using Netflow.Runtime.Engine;

var result = Network.DeskToApp.Run();
Console.WriteLine($"{Network.DeskToApp.Name}: {Words.Of(result.Disposition)} at {Network.Compiled.Devices[result.Forward.LastDevice]}");
Console.WriteLine($"{Network.Office.Desk} is on the office LAN, {Network.Office.Lan}.");
return result.Passed ? 0 : 1;
